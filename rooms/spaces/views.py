"""What of the spaces each viewer sees: a group's content stays in the group until the harvest.

Cards, board elements and notes carry their space; `@rules.event_space` tells the core to give their
events only to viewers who see that space (its members and visitors, the facilitators, and, after
the return, everyone). Views read only the event and the viewer (who carries the spaces it sees).
"""

from __future__ import annotations

from typing import Any

from rooms.agenda.events import TypingMarked
from rooms.board import events as be
from rooms.reflections import events as re
from rooms.reflections.views import card_for
from rooms.rules import Rules
from rooms.spaces import events as e
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("spaces.views")


@rules.event_space(re.CardWritten)
@rules.event_space(re.CardEdited)
def _card_space(ev: re.CardWritten | re.CardEdited) -> str:
    return ev.card.space


@rules.event_space(re.CardDeleted)
def _deleted_card_space(ev: re.CardDeleted) -> str:
    return ev.space


@rules.event_space(be.ElementAdded)
@rules.event_space(be.ElementUpdated)
def _element_space(ev: be.ElementAdded | be.ElementUpdated) -> str:
    return ev.element.space


@rules.event_space(be.ElementDeleted)
def _deleted_element_space(ev: be.ElementDeleted) -> str:
    return ev.space


@rules.event_space(TypingMarked)
def _typing_space(ev: TypingMarked) -> str:
    return ev.space


@rules.event_view(e.GroupsArranged)
def _arranged(ev: e.GroupsArranged, viewer: Viewer) -> e.GroupsArranged | dict[str, Any]:
    # The facilitators' plan: others learn only that groups were arranged.
    return ev if viewer.leads else {"at": ev.at, "groups": [], "by": ev.by}


@rules.event_space(e.GroupNoteWritten)
def _note_space(ev: e.GroupNoteWritten) -> str:
    return ev.space_id


def harvest_for(h: e.HarvestBrought, viewer: Viewer) -> dict[str, Any]:
    """One group's harvest as `viewer` sees it (anonymous cards keep no author)."""
    return {
        "space_id": h.space_id,
        "label": h.label,
        "phase_id": h.phase_id,
        "members": list(h.members),
        "note": h.note,
        "cards": [card_for(card, viewer) for card in h.cards],
        "elements": list(h.elements),
    }


@rules.event_view(e.GroupsReturned)
def _returned(ev: e.GroupsReturned, viewer: Viewer) -> dict[str, Any]:
    return {"at": ev.at, "harvests": [harvest_for(h, viewer) for h in ev.harvests]}


@rules.state_view("spaces")
def spaces_view(state: RoomState, viewer: Viewer) -> dict[str, Any]:
    """The spaces as `viewer` sees them: raw fields only (the browser derives the return time from
    them as rooms/spaces/lifecycle.py does), other groups' notes blank until their harvest."""
    sp = state.spaces
    return {
        "open": [
            {
                "id": s.id,
                "label": s.label,
                "members": list(s.members),
                "visitors": list(s.visitors),
                "note": s.note if viewer.sees(s.id) else "",
            }
            for s in sp.open
        ],
        "phase_id": sp.phase_id,
        "mine": viewer.space,
        "arranged": [list(g) for g in sp.arranged] if viewer.leads else [],
        "watching": dict(sp.watching),
        "warnings": list(sp.warnings),
        "grace": sp.grace,
        "warned": list(sp.warned),
        "warned_for": sp.warned_for,
        "called_back_until": sp.called_back_until,
        "announced_return": sp.announced_return,
        "harvests": list(sp.harvests),
    }
