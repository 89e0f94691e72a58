"""This node's rooms as its sockets see them: one RoomFeed per room with local members."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from rooms import Command
from rooms.membership.commands import Join
from rooms.state import Presence
from server.clock import Clock
from server.cluster.base import Backend
from server.feed import RoomFeed
from server.log import Stamped
from server.media import LISTENER
from server.runner import Accepted, Refused

log = logging.getLogger(__name__)

PREFILL = 500
#: how often live sockets are checked against the room's idea of who is connected
PRESENCE_CHECK_EVERY = 1.0


class Hub:
    def __init__(self, backend: Backend, clock: Clock, close_socket: Callable[[str, str, str], None]) -> None:
        self.backend = backend
        self.clock = clock
        self._close_socket = close_socket
        self.feeds: dict[str, RoomFeed] = {}
        self._opening: dict[str, asyncio.Lock] = {}
        self.reannounced = 0
        #: gaps repaired by feeds this node no longer keeps (for a monotonic /metrics counter)
        self.gaps_repaired_before = 0

    async def submit(self, room_id: str, command: Command) -> Accepted:
        return await self.backend.submit(room_id, command)

    @property
    def gaps_repaired(self) -> int:
        return self.gaps_repaired_before + sum(f.gaps_repaired for f in self.feeds.values())

    async def feed(self, room_id: str) -> RoomFeed:
        """The room's feed on this node, subscribing and loading it on first use."""
        feed = self.feeds.get(room_id)
        if feed is not None:
            return feed
        lock = self._opening.setdefault(room_id, asyncio.Lock())
        async with lock:
            feed = self.feeds.get(room_id)
            if feed is not None:
                return feed
            early: list[Stamped] = []
            holder: dict[str, RoomFeed] = {}

            def on_events(batch: list[Stamped]) -> None:
                f = holder.get("feed")
                if f is None:
                    early.extend(batch)
                else:
                    f.on_events(batch)

            def on_relay(msg: dict[str, Any]) -> None:
                f = holder.get("feed")
                if f is not None:
                    f.relay(msg["type"], msg["member_id"], msg["data"], msg.get("to"))

            # Subscribe before loading, so nothing published in between is missed; the feed
            # drops what the loaded state already holds and repairs any gap from the log.
            await self.backend.subscribe(room_id, on_events, on_relay)
            try:
                state = await self.backend.load(room_id)
                # Recent history, so clients reconnecting after a restart get events, not a snapshot.
                tail = await self.backend.read(room_id, max(0, state.seq - PREFILL))
            except Exception:
                await self.backend.unsubscribe(room_id)
                raise
            feed = RoomFeed(state, self.backend.read, self.clock.now, self._close_socket)
            feed.ring.extend((s.seq, s.event) for s in tail if s.seq <= state.seq)
            holder["feed"] = feed
            feed.on_events(early)
            self.feeds[room_id] = feed
            return feed

    async def release(self, room_id: str) -> None:
        """Forget a room no local socket follows any more."""
        feed = self.feeds.get(room_id)
        if feed is not None and not feed.sockets and not feed.joining:
            self.gaps_repaired_before += feed.gaps_repaired
            del self.feeds[room_id]
            await self.backend.unsubscribe(room_id)

    async def keep_present(self) -> None:
        """Re-announce every live socket whose member the room shows as disconnected.

        A node that froze (SIGSTOP, a VM pause) past its heartbeat sees its members marked
        disconnected by the owner though their sockets never dropped; unless they are announced
        again before the reconnect grace ends, the room closes them as left. A repeated Join of a
        known member only records their return, so this is safe to send whenever in doubt.
        """
        checked: dict[str, int] = {}  # room -> the seq at which it had nobody to announce
        while True:
            await asyncio.sleep(PRESENCE_CHECK_EVERY)
            for gone in [r for r in checked if r not in self.feeds]:
                del checked[gone]
            for room_id, feed in list(self.feeds.items()):
                # A member is marked reconnecting by an event, and a socket attaches with one: a room
                # whose seq has not moved since it was found in order needs no walk (an idle node
                # walked every socket every second: 14% of its time at 10,000 members).
                if checked.get(room_id) == feed.state.seq:
                    continue
                stale = {
                    a.member_id
                    for a in list(feed.sockets.values())
                    if not a.waiting
                    and (m := feed.state.members.get(a.member_id)) is not None
                    and m.presence is Presence.RECONNECTING
                }
                if not stale:
                    checked[room_id] = feed.state.seq
                for member_id in sorted(stale):
                    m = feed.state.members[member_id]
                    log.info("room %s: %s has a live socket here; announcing it again", room_id, member_id)
                    with contextlib.suppress(Refused, TimeoutError):
                        join = Join(actor=member_id, name=m.name, role=m.role)
                        await asyncio.wait_for(self.submit(room_id, join), 10.0)
                        self.reannounced += 1

    async def relay(self, room_id: str, kind: str, member_id: str, data: Any, to: str | None) -> None:
        if to == LISTENER:  # the room's listener lives with its writer (server/media/)
            await self.backend.to_listener(room_id, {"type": kind, "member_id": member_id, "data": data})
            return
        await self.backend.relay(room_id, {"type": kind, "member_id": member_id, "data": data, "to": to})
