"""What each viewer may see of an event or of the whole room.

An event is public unless its feature registers a view for it here. A view returns the event as is,
a reduced mapping (an anonymous card without its author), or None (not for this viewer). Views
depend only on the event and the viewer, never on the state, so replaying missed events to a
reconnecting client shows it exactly what the live room showed the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rooms.base import Event
from rooms.membership import events as me
from rooms.state import Admission, Presence, Role, RoomState

FACILITATOR_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Whom a view is for."""

    member_id: str
    role: Role

    @property
    def leads(self) -> bool:
        return self.role in FACILITATOR_ROLES


EventView = Callable[[Any, Viewer], "Event | dict[str, Any] | None"]
StateView = Callable[[RoomState, Viewer], Any]

#: events whose content differs by viewer
EVENT_VIEWS: dict[type[Event], EventView] = {}
#: each feature's part of the snapshot, by the state field it projects
STATE_VIEWS: dict[str, StateView] = {}


def event_view(event_type: type[Event]) -> Callable[[EventView], EventView]:
    """Register the per-viewer view of one event type."""

    def register(fn: EventView) -> EventView:
        EVENT_VIEWS[event_type] = fn
        return fn

    return register


def state_view(part: str) -> Callable[[StateView], StateView]:
    """Register how one feature's part of the state is shown to a viewer."""

    def register(fn: StateView) -> StateView:
        STATE_VIEWS[part] = fn
        return fn

    return register


def is_private(event: Event) -> bool:
    """True when the event must be projected per viewer rather than sent to all alike."""
    return type(event) in EVENT_VIEWS


def view_event(event: Event, viewer: Viewer) -> Event | dict[str, Any] | None:
    """The event as `viewer` may see it."""
    view = EVENT_VIEWS.get(type(event))
    return event if view is None else view(event, viewer)


@event_view(me.MemberKnocked)
def _knock(ev: me.MemberKnocked, viewer: Viewer) -> Event | dict[str, Any] | None:
    # The lobby is the facilitators' business; others only learn someone is waiting.
    if viewer.leads:
        return ev
    return {"at": ev.at, "member_id": ev.member_id, "name": "", "role": ev.role.value}


def view_state(state: RoomState, viewer: Viewer) -> dict[str, Any]:
    """The whole room as `viewer` may see it: what a joining or lagging client starts from."""
    members = [
        {
            "id": m.id,
            "name": m.name if (m.admission is Admission.ADMITTED or viewer.leads) else "",
            "role": m.role.value,
            "presence": m.presence.value,
            "admission": m.admission.value,
            "joined_at": m.joined_at,
            "gone_at": m.gone_at,
        }
        for m in state.members.values()
        if m.presence is not Presence.LEFT or m.admission is Admission.ADMITTED
    ]
    out: dict[str, Any] = {
        "room_id": state.room_id,
        "seq": state.seq,
        "title": state.title,
        "code_of_conduct": state.code_of_conduct,
        "session": state.session,
        "ended_at": state.ended_at,
        "settings": state.settings,
        "locked": state.locked,
        "members": members,
    }
    for part in ("floor", "agenda", "board", "reflections", "chat", "screen"):
        view = STATE_VIEWS.get(part)
        out[part] = view(state, viewer) if view else getattr(state, part)
    return out
