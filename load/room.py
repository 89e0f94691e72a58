"""LoadRoom: one simulated room, and where fan-out latency is matched without touching the server.

Every member of a room lives in the same worker process (rooms are never split across workers or
hosts), so one monotonic clock times both ends of a delivery. The sender notes its send time; the
command's ack carries the `seq` of the event it caused; each member's receipt of that `seq` is a
fan-out sample. Receipts may arrive before the sender's ack (the server fans out before it acks),
so they wait in `early` until the ack names their seq. Ephemeral relays carry no seq: they are
matched on (sender, type, exact payload), which the scenarios keep unique (cursor paths move).
"""

from __future__ import annotations

from collections import deque
from typing import Any, Protocol

import msgspec

from load.metrics import Recorder


class Participant(Protocol):
    """What a room needs of its members (load.participant.Participant is one): no import back."""

    @property
    def member_id(self) -> str | None: ...

    @property
    def connected(self) -> bool: ...

    @property
    def last_seq(self) -> int | None: ...


_key = msgspec.msgpack.Encoder(order="sorted").encode

#: matched sends and unmatched receipts are forgotten after this long
KEEP_SECONDS = 30.0
#: recent events a scenario step may look at
RECENT = 256


class LoadRoom:
    """A room's members, what they have seen, and the send times of its commands."""

    def __init__(self, index: int, room_id: str, tokens: dict[str, str], rec: Recorder) -> None:
        self.index = index
        self.room_id = room_id
        self.tokens = tokens
        self.rec = rec
        self.participants: list[Participant] = []
        self.max_seq = 0
        self.inflight = 0
        self._sent: dict[int, tuple[float, Participant]] = {}
        self._early: dict[int, list[tuple[float, Participant]]] = {}
        self._relays: dict[bytes, float] = {}
        self._recent: deque[tuple[str, dict[str, Any]]] = deque(maxlen=RECENT)
        self._recent_seq = 0

    # -- what a scenario step may look at (load.scenarios.base.RoomView) --------------------------

    @property
    def peers(self) -> int:
        return len(self.participants)

    def member_id(self, who: int) -> str | None:
        """The server's id of participant `who` (None until it has joined)."""
        if 0 <= who < len(self.participants):
            return self.participants[who].member_id
        return None

    def seen(self, *event_types: str) -> list[tuple[str, dict[str, Any]]]:
        """The room's recent events of these types (all types if none), oldest first, as members saw them."""
        return [(k, d) for k, d in self._recent if not event_types or k in event_types]

    # -- matching sends and receipts ------------------------------------------------------------

    def acked(self, seq: int, sent_at: float, sender: Participant) -> None:
        if seq > self.max_seq:
            self.max_seq = seq
        self._sent[seq] = (sent_at, sender)
        for received_at, receiver in self._early.pop(seq, ()):
            if receiver is not sender:
                self.rec.latency("fanout", received_at - sent_at)

    def delivered(self, seq: int, kind: str, data: dict[str, Any], receiver: Participant, now: float) -> None:
        if seq > self.max_seq:
            self.max_seq = seq
        if seq > self._recent_seq:
            self._recent_seq = seq
            self._recent.append((kind, data))
        sent = self._sent.get(seq)
        if sent is None:
            self._early.setdefault(seq, []).append((now, receiver))
        elif sent[1] is not receiver:
            self.rec.latency("fanout", now - sent[0])

    def relay_sent(self, sender_id: str, kind: str, data: dict[str, Any], now: float) -> None:
        self._relays[_key((sender_id, kind, data))] = now

    def relay_received(self, msg: dict[str, Any], now: float) -> None:
        sent_at = self._relays.get(_key((msg.get("member_id"), msg.get("type"), msg.get("data"))))
        if sent_at is not None:
            self.rec.latency("relay", now - sent_at)

    def prune(self, now: float) -> None:
        """Forget old send times and receipts nobody will claim (events no command of ours caused)."""
        cutoff = now - KEEP_SECONDS
        for seq in [s for s, (t, _) in self._sent.items() if t < cutoff]:
            del self._sent[seq]
        for seq in [s for s, got in self._early.items() if got[0][0] < cutoff]:
            del self._early[seq]
        for key in [k for k, t in self._relays.items() if t < cutoff]:
            del self._relays[key]

    # -- the end of a run -----------------------------------------------------------------------

    def behind(self, final_seq: int) -> int:
        """How many connected members have not yet received `final_seq`."""
        return sum(1 for p in self.participants if p.connected and (p.last_seq or 0) < final_seq)

    def count_tail_losses(self, final_seq: int) -> None:
        """Events up to `final_seq` that connected members have not received by now: late or lost."""
        for p in self.participants:
            if p.connected and p.last_seq is not None and p.last_seq < final_seq:
                self.rec.count("missing_at_end", final_seq - p.last_seq)
