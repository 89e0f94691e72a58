"""What each viewer may see of an event or of the whole room.

An event is public unless a module registers a view for it (`@rules.event_view`). A view returns the
event as is, a reduced mapping (an anonymous card without its author), or None (not for this
viewer). Views depend only on the event and the viewer, never on the state, so replaying missed
events to a reconnecting client shows it exactly what the live room showed the others.
"""

from __future__ import annotations

from typing import Any

from rooms.base import Event
from rooms.core import Core
from rooms.registry import CORE
from rooms.state import Admission, Presence, RoomState
from rooms.viewer import FACILITATOR_ROLES, Viewer

__all__ = ["FACILITATOR_ROLES", "Viewer", "is_private", "view_event", "view_state"]

#: the snapshot's feature parts, each shown through its state view if one is registered
STATE_PARTS = ("floor", "agenda", "board", "reflections", "spaces", "chat", "screen")


def is_private(event: Event, core: Core = CORE) -> bool:
    """True when the event must be projected per viewer rather than sent to all alike."""
    return core.is_private(event)


def view_event(event: Event, viewer: Viewer, core: Core = CORE) -> Event | dict[str, Any] | None:
    """The event as `viewer` may see it."""
    return core.view_event(event, viewer)


def view_state(state: RoomState, viewer: Viewer, core: Core = CORE) -> dict[str, Any]:
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
    parts: dict[str, Any] = {"floor": state.floor, "agenda": state.agenda, "board": state.board}
    parts["reflections"] = state.reflections
    parts["spaces"] = state.spaces
    parts["chat"] = state.chat
    parts["screen"] = state.screen
    for part in STATE_PARTS:
        view = core.state_views.get(part)
        out[part] = view(state, viewer) if view else parts[part]
    return out
