"""What each viewer may see of an event or of the whole room.

An event is public unless a module registers a view for it (`@rules.event_view`). A view returns the
event as is, a reduced mapping (an anonymous card without its author), or None (not for this
viewer). Views depend only on the event and the viewer, never on the state, so replaying missed
events to a reconnecting client shows it exactly what the live room showed the others.

An event that is not for a viewer (a hidden card's edit, a small group's content for someone outside
it) still occupies its `seq` in that viewer's stream: `view_event` returns a `Redacted` placeholder
in its place, so every stream is gap-free and a client can always tell an event hidden from it (a
`Redacted`) from one lost on the way (a hole in `seq`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from rooms.agenda.state import AgendaState
from rooms.base import Event
from rooms.board.views import BoardView
from rooms.core import Core
from rooms.floor.state import FloorState
from rooms.permissions import permission_table
from rooms.reflections.views import ReflectionsView
from rooms.registry import CORE
from rooms.state import Admission, Presence, Role, RoomSettings, RoomState
from rooms.viewer import FACILITATOR_ROLES, Viewer

__all__ = [
    "FACILITATOR_ROLES",
    "MemberView",
    "Redacted",
    "RoomView",
    "Viewer",
    "event_type",
    "is_private",
    "view_event",
    "view_room",
    "view_state",
]

#: the snapshot's feature parts, each shown through its feature's state view
STATE_PARTS = ("floor", "agenda", "board", "reflections", "spaces", "speech", "chat", "screen")


def is_private(event: Event, core: Core = CORE) -> bool:
    """True when the event must be projected per viewer rather than sent to all alike."""
    return core.is_private(event)


@dataclass(frozen=True, slots=True)
class Redacted:
    """Sent at the `seq` of an event that is not for this viewer (a hidden card's edit): nothing to apply."""


def view_event(event: Event, viewer: Viewer, core: Core = CORE) -> Event | dict[str, Any] | Redacted:
    """The event as `viewer` may see it; `Redacted` when none of it is for them."""
    shown = core.view_event(event, viewer)
    return Redacted() if shown is None else shown


def event_type(event: Event, shown: Event | dict[str, Any] | Redacted) -> str:
    """The `type` a viewer is told for `event` as shown to them."""
    return type(shown).__name__ if isinstance(shown, Redacted) else type(event).__name__


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberView:
    """A member as the snapshot lists them (`name` "" for someone in the lobby, except to facilitators)."""

    id: str
    name: str
    role: Role
    presence: Presence
    admission: Admission
    joined_at: float
    gone_at: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomView:
    """The snapshot's `state`: the whole room as one viewer may see it."""

    room_id: str
    seq: int
    title: str
    code_of_conduct: str
    session: int
    ended_at: float | None
    settings: RoomSettings
    locked: bool
    members: list[MemberView]
    floor: FloorState
    agenda: AgendaState
    board: BoardView
    reflections: ReflectionsView
    #: breakout spaces and measured speech: their views return mappings (typed as any in the schema)
    spaces: Any
    speech: Any
    #: the chat as this viewer may read it (rooms/chat/views.py) and screen sharing (rooms/screen/)
    chat: Any
    screen: Any
    #: socket.io event name -> the roles that may send it (rooms/permissions.py)
    permissions: dict[str, list[Role]]


def view_room(state: RoomState, viewer: Viewer, core: Core = CORE) -> RoomView:
    """The whole room as `viewer` may see it: what a joining or lagging client starts from."""
    members = [
        MemberView(
            id=m.id,
            name=m.name if (m.admission is Admission.ADMITTED or viewer.leads) else "",
            role=m.role,
            presence=m.presence,
            admission=m.admission,
            joined_at=m.joined_at,
            gone_at=m.gone_at,
        )
        for m in state.members.values()
        if m.presence is not Presence.LEFT or m.admission is Admission.ADMITTED
    ]
    parts = {part: core.state_views[part](state, viewer) for part in STATE_PARTS}
    return RoomView(
        room_id=state.room_id,
        seq=state.seq,
        title=state.title,
        code_of_conduct=state.code_of_conduct,
        session=state.session,
        ended_at=state.ended_at,
        settings=state.settings,
        locked=state.locked,
        members=members,
        permissions=permission_table(),
        **parts,
    )


def view_state(state: RoomState, viewer: Viewer, core: Core = CORE) -> dict[str, Any]:
    """`view_room` as a mapping of its parts (what the feed encodes and tests index)."""
    view = view_room(state, viewer, core)
    return {f.name: getattr(view, f.name) for f in fields(view)}
