"""The interface between the socket gateway and wherever the room's single writer runs.

The gateway never knows whether the owner of a room is in this process or on another node: it
submits commands, subscribes to a room's events and relays ephemeral messages through a Backend.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from rooms import Command, RoomState
from server.log import Stamped
from server.runner import Accepted, RoomRunner

EventSink = Callable[[list[Stamped]], None]
RelaySink = Callable[[dict[str, Any]], None]
#: a message for the room's listener, delivered on the room's owner node (server/media/)
ListenerSink = Callable[[str, dict[str, Any]], Awaitable[None]]


class Backend(Protocol):
    node_id: str
    #: True when `relay_now` delivers with no I/O (one node): the gateway relays without a task
    relays_at_once: bool

    async def start(self) -> None: ...

    async def drain(self) -> None:
        """Shutting down: hand this node's rooms over (flush, snapshot, release) before sockets close."""

    async def stop(self) -> None: ...

    def ready(self) -> bool:
        """True while this node can take commands (its log and bus are reachable)."""

    async def submit(self, room_id: str, command: Command) -> Accepted:
        """Run `command` on the room's owner; raises runner.Refused with the reason."""

    async def subscribe(self, room_id: str, on_events: EventSink, on_relay: RelaySink) -> None:
        """Deliver the room's events (and relays) to this node from now on."""

    async def unsubscribe(self, room_id: str) -> None: ...

    async def read(self, room_id: str, after: int) -> list[Stamped]:
        """Durable events after `after` (gap repair, catch-up)."""

    async def load(self, room_id: str) -> RoomState:
        """The room's current state (a copy: the caller may apply to it)."""

    async def relay(self, room_id: str, message: dict[str, Any]) -> None:
        """Send an ephemeral message to every node following the room; never logged."""

    def serve_listeners(self, on_message: ListenerSink, on_owned: Callable[[str], None]) -> None:
        """Hand listener messages to `on_message` on the owner node; call `on_owned` when a runner starts here."""

    async def to_listener(self, room_id: str, message: dict[str, Any]) -> None:
        """Deliver an ephemeral message to the room's listener, on whichever node owns the room."""

    def owned_state(self, room_id: str) -> RoomState | None:
        """The live state of a room whose writer runs on this node (None: it runs elsewhere)."""

    def local_writer(self, room_id: str) -> RoomRunner | None:
        """The room's writer if it runs in this process and takes a member's command as it is.

        The gateway's fast path submits straight to it, with no task and no await; None: `submit`.
        """

    def relay_now(self, room_id: str, message: dict[str, Any]) -> None:
        """`relay` without waiting; only where `relays_at_once`."""
