"""One ordered outbox per socket: its engine.io send queue, with the rules for a client that falls behind.

Everything a socket receives from its room (snapshot, events, relays) is put here synchronously, in
order, so a snapshot is always followed by exactly the events after it. The packets go into the
socket's own engine.io queue (server/fanout.py), drained by engine.io's writer: no task of ours per
socket, and a room event encoded once is shared by every member's outbox. A socket that falls
behind loses its ephemeral messages first (cursors, strokes in progress; each drop counted); if it
is still too far behind it is told to resync and is dropped, so one slow client never holds up the room.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from engineio.packet import Packet

from server import fanout

EPHEMERAL_LIMIT = 200
HARD_LIMIT = 5000


class Outbox:
    def __init__(
        self,
        sid: str,
        sock: fanout.EngineSocket | None,
        on_overflow: Callable[[str], None],
        on_shed: Callable[[], None] = lambda: None,
    ) -> None:
        self.sid = sid
        self._sock = sock
        self._on_overflow = on_overflow
        self._on_shed = on_shed
        self.closed = sock is None

    def put(self, name: str, data: Any, *, ephemeral: bool = False) -> None:
        """Encode and queue one message for this socket alone."""
        if not self.closed:
            self.put_packet(fanout.encode(name, data), ephemeral=ephemeral)

    def put_packet(self, pkt: Packet, *, ephemeral: bool = False) -> None:
        """Queue an already encoded packet (the same one may go to many outboxes)."""
        sock = self._sock
        if self.closed or sock is None:
            return
        behind = fanout.queued(sock)
        if ephemeral and behind >= EPHEMERAL_LIMIT:
            self._on_shed()
            return
        if behind >= HARD_LIMIT:
            self.closed = True
            self._on_overflow(self.sid)
            return
        if not fanout.put(sock, pkt):
            self.closed = True

    def put_ack(self, pkt: Packet) -> None:
        """An ack goes out while the socket is open, even after room traffic stopped (a `leave`'s own ack)."""
        if self._sock is not None:
            fanout.put(self._sock, pkt)

    async def close(self) -> None:
        """Let what is queued be sent (up to a second), then take nothing more."""
        self.closed = True
        for _ in range(100):
            if self._sock is None or self._sock.closed or not fanout.queued(self._sock):
                break
            await asyncio.sleep(0.01)
