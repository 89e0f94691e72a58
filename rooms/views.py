"""What each viewer may see of an event or of the whole room.

An event is public unless its feature registers a view for it here. A view returns the event as is,
a reduced mapping (an anonymous card without its author), or None (not for this viewer). Views
depend only on the event and the viewer, never on the state, so replaying missed events to a
reconnecting client shows it exactly what the live room showed the others.

An event that is not for a viewer still occupies its `seq` in that viewer's stream: `view_event`
returns a `Redacted` placeholder in its place, so every stream is gap-free and a client can always
tell an event hidden from it (a `Redacted`) from one lost on the way (a hole in `seq`).
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


@dataclass(frozen=True, slots=True)
class Redacted:
    """Sent at the `seq` of an event that is not for this viewer (a hidden card's edit): nothing to apply."""


def is_private(event: Event) -> bool:
    """True when the event must be projected per viewer rather than sent to all alike."""
    return type(event) in EVENT_VIEWS


def view_event(event: Event, viewer: Viewer) -> Event | dict[str, Any] | Redacted:
    """The event as `viewer` may see it; `Redacted` when none of it is for them."""
    view = EVENT_VIEWS.get(type(event))
    if view is None:
        return event
    shown = view(event, viewer)
    return Redacted() if shown is None else shown


def event_type(event: Event, shown: Event | dict[str, Any] | Redacted) -> str:
    """The `type` a viewer is told for `event` as shown to them."""
    return type(shown).__name__ if isinstance(shown, Redacted) else type(event).__name__


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
    for part in ("floor", "agenda", "board", "reflections"):
        view = STATE_VIEWS.get(part)
        out[part] = view(state, viewer) if view else getattr(state, part)
    return out
