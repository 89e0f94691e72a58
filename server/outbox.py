"""One ordered outbox per socket, drained by its own task.

Everything a socket receives from its room (snapshot, events, relays) goes through its outbox, so a
snapshot is always followed by exactly the events after it, in order. A socket that falls behind
loses its ephemeral messages first (cursors, strokes in progress); if it is still too far behind it
is told to resync and is dropped, so one slow client never holds up the room.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

Send = Callable[[str, Any, str], Awaitable[None]]

EPHEMERAL_LIMIT = 200
HARD_LIMIT = 5000


class Outbox:
    #: ephemeral messages dropped for slow sockets, by all outboxes of this process (/metrics)
    ephemeral_dropped = 0

    def __init__(self, sid: str, send: Send, on_overflow: Callable[[str], None]) -> None:
        self.sid = sid
        self._send = send
        self._on_overflow = on_overflow
        self._items: deque[tuple[str, Any, bool]] = deque()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._drain(), name=f"outbox:{sid}")
        self.closed = False

    def put(self, name: str, data: Any, *, ephemeral: bool = False) -> None:
        if self.closed:
            return
        if ephemeral and len(self._items) >= EPHEMERAL_LIMIT:
            Outbox.ephemeral_dropped += 1
            return
        if len(self._items) >= HARD_LIMIT:
            self.closed = True
            self._items.clear()
            self._on_overflow(self.sid)
            return
        self._items.append((name, data, ephemeral))
        self._wake.set()

    async def _drain(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._items:
                name, data, _ = self._items.popleft()
                with contextlib.suppress(Exception):
                    await self._send(name, data, self.sid)

    async def close(self) -> None:
        """Send what is queued, then stop."""
        self.closed = True
        for _ in range(100):
            if not self._items:
                break
            await asyncio.sleep(0.01)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
