"""Reflections as each viewer may see them: the one place an author's identity is filtered.

Rules, for every viewer including facilitators: an anonymous card never shows its author (its
author sees `mine: true`); a hidden card shows its text to its author only; dot votes are shown as
totals per card, plus the viewer's own dots. Views read only the event and the viewer, so a replay
to a reconnecting client shows exactly what the live room showed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rooms.base import Event
from rooms.reflections import events as e
from rooms.reflections.phase import current_mode
from rooms.reflections.state import Card
from rooms.rules import Rules
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("reflections.views")


def card_for(card: Card, viewer: Viewer) -> dict[str, Any]:
    """A card as `viewer` sees it: no author if anonymous, no text if hidden from them."""
    mine = card.author == viewer.member_id
    concealed = card.hidden and not mine
    return {
        "id": card.id,
        "prompt": card.prompt,
        "text": "" if concealed else card.text,
        "anonymous": card.anonymous,
        "author": None if card.anonymous else card.author,
        "mine": mine,
        "hidden": card.hidden,
        "group": card.group,
        "written_at": card.written_at,
        "space": card.space,
    }


@rules.event_view(e.CardWritten)
def _written(ev: e.CardWritten, viewer: Viewer) -> dict[str, Any]:
    return {"at": ev.at, "card": card_for(ev.card, viewer)}


@rules.event_view(e.CardEdited)
def _edited(ev: e.CardEdited, viewer: Viewer) -> dict[str, Any] | None:
    view = card_for(ev.card, viewer)
    if ev.card.hidden and not view["mine"]:
        return None  # nothing others could see has changed
    return {"at": ev.at, "card": view}


@rules.event_view(e.CardDeleted)
def _deleted(ev: e.CardDeleted, viewer: Viewer) -> dict[str, Any]:
    return {"at": ev.at, "card_id": ev.card_id, "mine": ev.author == viewer.member_id}


@rules.event_view(e.CardsRevealed)
def _revealed(ev: e.CardsRevealed, viewer: Viewer) -> dict[str, Any]:
    return {"at": ev.at, "cards": [card_for(card, viewer) for card in ev.cards if viewer.sees(card.space)]}


@rules.event_view(e.VoteChanged)
def _vote(ev: e.VoteChanged, viewer: Viewer) -> dict[str, Any]:
    # Hidden totals are hidden from everyone, facilitators included: a facilitator's face nudges too.
    out: dict[str, Any] = {"at": ev.at, "card_id": ev.card_id, "total": None if ev.total_hidden else ev.total}
    if ev.voter == viewer.member_id:
        out["mine"] = ev.mine
    return out


#: reflections events that name a member and so must never go out unprojected (tests check this)
PROJECTED: tuple[type[Event], ...] = (e.CardWritten, e.CardEdited, e.CardDeleted, e.CardsRevealed, e.VoteChanged)


@rules.state_view("reflections")
def reflections_view(state: RoomState, viewer: Viewer) -> dict[str, Any]:
    r = state.reflections
    mode = current_mode(state)
    totals = r.totals()
    hide = state.settings.vote_totals_hidden and r.voting.open
    mine = r.votes.get(viewer.member_id, {})
    cards = []
    for card in r.cards.values():
        if not viewer.sees(card.space):
            continue  # a group's card stays in the group until the harvest
        view = card_for(card, viewer)
        view["votes"] = None if hide else totals.get(card.id, 0)
        view["my_votes"] = mine.get(card.id, 0)
        cards.append(view)
    return {
        "prompts": list(mode.prompts),
        "anonymous": mode.anonymous,
        "hidden": mode.hidden,
        "cards": cards,
        "groups": list(r.groups.values()),
        "voting": {**asdict(r.voting), "my_dots_left": r.voting.budget - sum(mine.values())},
        "action_items": list(r.action_items.values()),
        "carried_over": list(r.carried_over),
    }
