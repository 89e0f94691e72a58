"""RoomFeed: a node's follower of one room, and the fan-out to that node's sockets.

Every node with members of a room keeps one feed for it: a replica of the room state (applied from
the published events, in `seq` order), a ring of recent events for reconnecting clients, and the
sockets attached. Delivery is treated as unreliable: a duplicate (`seq` already applied) is dropped,
and a gap is repaired from the durable log before anything after it is applied.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from engineio.packet import MESSAGE, Packet

from protocol.codec import to_wire
from rooms import Event, RoomState, apply
from rooms.membership import events as me
from rooms.spaces.where import may_relay, space_of, viewer_for
from rooms.state import Admission, Presence, Role
from rooms.views import Viewer, event_type, is_private, view_event, view_state
from server import fanout
from server.log import Stamped
from server.outbox import Outbox
from server.writing import WritingCount

log = logging.getLogger(__name__)

RING = 2000

#: one event in the ring: a public event as the msgpack body every member got (bytes, which the
#: garbage collector never traverses), a private one as the event itself (projected per viewer on
#: catch-up). A ring of objects held 2000 events x ~7 tracked objects per room: at 200 busy rooms,
#: millions of objects every full collection walked, in pauses of 100s of ms (docs/benchmarks.md).
RingEntry = tuple[int, "Event | bytes"]

ReadLog = Callable[[str, int], Awaitable[list[Stamped]]]


@dataclass
class Attached:
    sid: str
    member_id: str
    outbox: Outbox
    waiting: bool = False


class RoomFeed:
    def __init__(
        self,
        state: RoomState,
        read_log: ReadLog,
        clock_now: Callable[[], float],
        close_socket: Callable[[str, str, str], None],
    ) -> None:
        self.room_id = state.room_id
        self.state = state
        self._read_log = read_log
        self._now = clock_now
        self._close_socket = close_socket
        self.ring: deque[RingEntry] = deque(maxlen=RING)
        self.sockets: dict[str, Attached] = {}
        self._pending: dict[int, Event] = {}
        self._repairing: asyncio.Task[None] | None = None
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self.gaps_repaired = 0
        self.writing = WritingCount()
        #: joins in progress: the feed must not be released under them
        self.joining = 0

    # -- following the room --------------------------------------------------------------------

    def on_events(self, batch: list[Stamped]) -> None:
        """Events as published (possibly duplicated, possibly with holes)."""
        for s in batch:
            if s.seq > self.state.seq:
                self._pending[s.seq] = s.event
        self._advance()
        if self._pending and (self._repairing is None or self._repairing.done()):
            self._repairing = asyncio.create_task(self._repair())

    def _advance(self) -> None:
        while (ev := self._pending.pop(self.state.seq + 1, None)) is not None:
            seq = self.state.seq + 1
            apply(self.state, ev)
            stamped = Stamped(seq, ev)
            public = self._fan_out(stamped)
            self.ring.append((seq, ev if public is None else public.data))
        for seq in [s for s in self._pending if s <= self.state.seq]:
            del self._pending[seq]
        still = []
        for target, fut in self._waiters:
            if self.state.seq >= target:
                if not fut.done():
                    fut.set_result(None)
            else:
                still.append((target, fut))
        self._waiters = still

    async def _repair(self) -> None:
        # Give a reordered delivery a moment to arrive before going to the log.
        await asyncio.sleep(0.05)
        while self._pending:
            try:
                missing = await self._read_log(self.room_id, self.state.seq)
            except Exception:
                log.exception("room %s: gap repair failed; retrying", self.room_id)
                await asyncio.sleep(0.5)
                continue
            if not missing:
                await asyncio.sleep(0.1)
                continue
            self.gaps_repaired += 1
            for s in missing:
                if s.seq > self.state.seq:
                    self._pending.setdefault(s.seq, s.event)
            self._advance()

    async def caught_up(self, seq: int, timeout: float = 5.0) -> None:
        """Wait until the replica has applied `seq`."""
        if self.state.seq >= seq:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((seq, fut))
        if self._repairing is None or self._repairing.done():
            self._repairing = asyncio.create_task(self._repair_until(seq))
        await asyncio.wait_for(fut, timeout)

    async def _repair_until(self, seq: int) -> None:
        await asyncio.sleep(0.2)
        while self.state.seq < seq:
            missing = await self._read_log(self.room_id, self.state.seq)
            for s in missing:
                if s.seq > self.state.seq:
                    self._pending.setdefault(s.seq, s.event)
            self._advance()
            if self.state.seq < seq:
                await asyncio.sleep(0.1)

    # -- sockets -------------------------------------------------------------------------------

    def viewer(self, member_id: str) -> Viewer | None:
        return viewer_for(self.state, member_id)

    def attach(self, sid: str, member_id: str, outbox: Outbox, last_seq: int | None) -> None:
        """Start `sid`'s stream: a snapshot (or the events after `last_seq`), then live events.

        Synchronous on purpose: nothing can be applied between the catch-up and the attach.
        """
        member = self.state.members[member_id]
        if member.admission is Admission.WAITING:
            self.sockets[sid] = Attached(sid, member_id, outbox, waiting=True)
            return
        viewer = viewer_for(self.state, member_id)
        assert viewer is not None
        oldest = self.ring[0][0] if self.ring else self.state.seq + 1
        if last_seq is not None and oldest - 1 <= last_seq <= self.state.seq:
            for seq, held in self.ring:
                if seq <= last_seq:
                    continue
                if isinstance(held, bytes):
                    outbox.put_packet(Packet(MESSAGE, data=held))
                else:
                    self._send_event(outbox, Stamped(seq, held), viewer)
        else:
            outbox.put("snapshot", self.snapshot_for(viewer))
        self.sockets[sid] = Attached(sid, member_id, outbox)

    def snapshot_for(self, viewer: Viewer) -> dict[str, Any]:
        return {"seq": self.state.seq, "now": self._now(), "state": to_wire(view_state(self.state, viewer))}

    def detach(self, sid: str) -> Attached | None:
        return self.sockets.pop(sid, None)

    def relay(self, kind: str, member_id: str, data: Any, to: str | None = None) -> None:
        """An ephemeral message (cursor, typing, media signal): to one member or to all but its sender."""
        if kind == "set_writing":
            # Never name who is writing (anonymous phases): everyone gets the count only. Observers
            # write no cards, so they do not count.
            member = self.state.members.get(member_id)
            writing = bool(data.get("writing")) and member is not None and member.role is not Role.OBSERVER
            count = self.writing.update(member_id, writing, self._now())
            kind, member_id, data, to = "writing", "", {"count": count}, None
        if to is not None and member_id and not may_relay(self.state, kind, member_id, to):
            return  # the gateway refused it already; a replica a step behind must not relay it either
        # Cursors, strokes in progress and media states stay in the sender's space (their group).
        space = space_of(self.state, member_id) if member_id and to is None else None
        pkt = None
        for a in self.sockets.values():
            if a.waiting:
                continue
            if (to is not None and a.member_id != to) or (to is None and member_id and a.member_id == member_id):
                continue
            if space is not None and space_of(self.state, a.member_id) != space:
                continue
            if pkt is None:  # encoded once, for every recipient
                pkt = fanout.encode("relay", {"type": kind, "member_id": member_id, "data": data})
            a.outbox.put_packet(pkt, ephemeral=True)

    def _send_event(self, outbox: Outbox, s: Stamped, viewer: Viewer) -> None:
        shown = view_event(s.event, viewer)  # a `Redacted` placeholder when not for this viewer: no gap
        outbox.put("event", {"seq": s.seq, "type": event_type(s.event, shown), "data": to_wire(shown)})

    def _fan_out(self, s: Stamped) -> Packet | None:
        """Deliver one applied event: a public event is encoded once for everyone (and returned), a
        private one per viewer (None)."""
        ev = s.event
        public = None
        if not is_private(ev):
            # msgspec encodes the event's dataclasses as the maps `to_wire` would make, in one pass
            public = fanout.encode("event", {"seq": s.seq, "type": type(ev).__name__, "data": ev})
        for a in list(self.sockets.values()):
            if a.waiting:
                self._lobby_event(a, s)
                continue
            if public is not None:
                self._deliver(a, public)
            else:
                viewer = self.viewer(a.member_id)
                if viewer is not None:
                    self._send_event(a.outbox, s, viewer)
        self._membership_effects(ev)
        return public

    def _deliver(self, a: Attached, pkt: Packet) -> None:
        """One public event to one socket (the one place a test wrapper may simulate loss)."""
        a.outbox.put_packet(pkt)

    def _lobby_event(self, a: Attached, s: Stamped) -> None:
        ev = s.event
        if isinstance(ev, me.MemberAdmitted) and ev.member_id == a.member_id:
            a.waiting = False
            a.outbox.put("admitted", {"seq": s.seq})
            viewer = self.viewer(a.member_id)
            assert viewer is not None
            a.outbox.put("snapshot", self.snapshot_for(viewer))

    def _membership_effects(self, ev: Event) -> None:
        if isinstance(ev, me.MemberRemoved):
            self._close_member(ev.member_id, "removed", "a facilitator removed you from the room")
        elif isinstance(ev, me.MemberDenied):
            self._close_member(ev.member_id, "denied", "a facilitator did not admit you")
        elif isinstance(ev, me.MemberLeft):
            m = self.state.members.get(ev.member_id)
            if m is None or m.presence is Presence.LEFT:
                self._close_member(ev.member_id, "left", f"you left the room ({ev.reason})")

    def _close_member(self, member_id: str, code: str, message: str) -> None:
        for a in [a for a in self.sockets.values() if a.member_id == member_id]:
            self.sockets.pop(a.sid, None)
            a.outbox.put("closed", {"code": code, "message": message})
            self._close_socket(a.sid, code, message)

    def sids_of(self, member_id: str) -> list[str]:
        return [a.sid for a in self.sockets.values() if a.member_id == member_id]
