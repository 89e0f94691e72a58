"""The shape of every socket.io message: what a client sends, what it gets back.

A client emits a command as a socket.io event whose name is the command in snake_case
(`raise_hand`) and whose single argument is the command's fields as a map. Every command is
acknowledged (socket.io ack) with `Ack` or `Refusal`. Room events reach clients as the socket.io
event `event` carrying an `EventEnvelope`.

Each command struct here has a twin of the same name in rooms/ (the domain command, plus the
`actor` the server fills in from the connection); tests/protocol keeps the two in step.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import msgspec

from protocol.errors import WireError
from rooms.base import event_name as event_name
from rooms.limits import limit

#: socket.io event name -> struct, for every command a client may send
CLIENT_COMMANDS: dict[str, type[ClientCommand]] = {}

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=limit("id").n)]
Name = Annotated[str, msgspec.Meta(max_length=limit("member_name").n)]
Text = Annotated[str, msgspec.Meta(max_length=limit("text").n)]


class ClientCommand(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A command a member sends; the socket.io event name is `event_name(type(self).__name__)`."""

    #: one example payload, printed in docs/protocol.md and round-tripped by the tests
    example: ClassVar[dict[str, Any]] = {}
    #: ephemeral commands are relayed, never logged, and carry no `seq` (cursors, typing, media)
    ephemeral: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        CLIENT_COMMANDS[event_name(cls.__name__)] = cls


# -- connecting and joining --------------------------------------------------------------------


class ConnectAuth(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io `auth` at connect: the protocol version, the signed link token, and `resume`.

    `resume` is the member token of an earlier join, sent when coming back: a link of an earlier
    session of the room connects only with the token of a member who is still in the room.
    """

    v: int
    token: str
    resume: str | None = None


class JoinRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The `join` event: enter the room, or come back to it.

    `resume` is the member token from an earlier join's ack: with it the server knows you (same id,
    same role, hand still raised). `last_seq` is the last event seq you applied: you get exactly the
    events after it, or a fresh snapshot when they are too old.
    """

    name: Name
    resume: str | None = None
    last_seq: int | None = None


class Me(msgspec.Struct, frozen=True, kw_only=True):
    """Who the server knows you as."""

    id: str
    role: str
    #: keep it (for example in sessionStorage) and send it as `resume` when you reconnect
    token: str


class JoinAck(msgspec.Struct, frozen=True, kw_only=True):
    """Ack of `join`. `status` is `joined` or `waiting` (in the lobby until admitted).

    The room itself arrives on the ordered stream, never in the ack: when joined, first a
    `snapshot` (or, with `last_seq`, the `event`s after it), then live events. When waiting,
    nothing until `admitted` and its `snapshot`. `seq` is the room's seq at the moment you joined.
    """

    ok: bool
    status: str
    me: Me
    seq: int
    now: float


class Ack(msgspec.Struct, frozen=True, kw_only=True):
    """Ack of an accepted command: `seq` of its last event (None when it changed nothing)."""

    ok: bool
    seq: int | None
    now: float


class Refusal(msgspec.Struct, frozen=True, kw_only=True):
    """Ack of a refused command: nothing changed."""

    ok: bool
    error: WireError


# -- what the server pushes --------------------------------------------------------------------


class EventEnvelope(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `event`: one room event, in `seq` order, as this member may see it."""

    seq: int
    type: str
    data: dict[str, Any]


class Snapshot(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `snapshot`: the whole room as you may see it; replaces what you had."""

    seq: int
    now: float
    state: dict[str, Any]


class Admitted(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `admitted` to a lobby socket, followed by `snapshot`."""

    seq: int


class Closed(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `closed`: the server ends your membership (removed, denied) and disconnects."""

    code: str
    message: str


class Moved(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `moved`: this server is shutting down and closes the socket next; reconnect
    at once (the load balancer picks a live node) and join with `resume` and `last_seq`."""

    reason: str


class Relay(msgspec.Struct, frozen=True, kw_only=True):
    """socket.io event `relay`: an ephemeral message from another member (cursor, typing, media)."""

    type: str
    member_id: str
    data: dict[str, Any]
