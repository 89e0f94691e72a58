"""Participant: one simulated member: joins, sends what its scenario plans, checks every seq arrives.

Commands are built from the server's own protocol structs (protocol/), sent under the event name
the server routes by (`protocol.messages.event_name`), and acks are read back as the protocol's
`Ack`/`Refusal`/`JoinAck` structs, so the tool cannot drift from the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import aiohttp
import msgspec

from load.metrics import Recorder
from load.room import LoadRoom
from load.wire import ConnectRefused, LeanSocket
from protocol import PROTOCOL_VERSION
from protocol.codec import to_wire
from protocol.messages import Ack, ClientCommand, JoinAck, JoinRequest, Refusal, event_name

JOIN_TIMEOUT = 10.0
#: a member whose socket drops waits this long before re-joining (as a browser's socket.io would)
RECONNECT_DELAY = 0.5
#: seqs remembered per member as missing (beyond it only the count is kept)
MISSING_CAP = 10_000

_names: dict[type[ClientCommand], str] = {}


def wire_name(cmd: ClientCommand) -> str:
    kind = type(cmd)
    name = _names.get(kind)
    if name is None:
        name = _names[kind] = event_name(kind.__name__)
    return name


class Participant:
    """One member of a LoadRoom, on one of the target URLs."""

    def __init__(
        self, room: LoadRoom, index: int, role: str, url: str, session: aiohttp.ClientSession, rec: Recorder
    ) -> None:
        self.room = room
        self.index = index
        self.role = role
        self.url = url
        self.name = f"{role[:4]}-{room.index}-{index}"
        self._session = session
        self._rec = rec
        self.sock: LeanSocket | None = None
        self.member_id: str | None = None
        self._resume: str | None = None
        self.last_seq: int | None = None
        self.missing: set[int] = set()
        self.connected = False
        self.stopping = False
        self._joined_seq: int | None = None
        self._ready: asyncio.Future[None] | None = None

    # -- joining --------------------------------------------------------------------------------

    async def join(self) -> bool:
        """Connect and join (or re-join with resume + last_seq); True once the room's stream has started."""
        rec = self._rec
        started = time.monotonic()
        sock = LeanSocket(self._session, self._on_event, self._on_close)
        try:
            await sock.connect(self.url, {"v": PROTOCOL_VERSION, "token": self.room.tokens[self.role]}, JOIN_TIMEOUT)
        except ConnectRefused as exc:
            return self._join_failed(f"connect:{exc.code}")
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            return self._join_failed(f"connect:{type(exc).__name__}")
        self.sock = sock
        self._joined_seq = None
        self._ready = asyncio.get_running_loop().create_future()
        request = JoinRequest(
            name=self.name,
            resume=self._resume,
            last_seq=self.last_seq if self._resume else None,
        )
        try:
            await sock.emit("join", to_wire(request), self._on_join_ack)
            await asyncio.wait_for(self._ready, JOIN_TIMEOUT)
        except TimeoutError:
            await sock.close()
            return self._join_failed("join:timeout")
        except (ConnectRefused, ConnectionError) as exc:
            await sock.close()
            return self._join_failed(f"join:{getattr(exc, 'code', type(exc).__name__)}")
        self.connected = True
        rec.latency("join", time.monotonic() - started)
        rec.count("joined")
        return True

    def _join_failed(self, code: str) -> bool:
        self._rec.count("join_failed")
        self._rec.error(code)
        return False

    def _on_join_ack(self, reply: Any, now: float) -> None:
        ready = self._ready
        if ready is None or ready.done():
            return
        if reply is None:
            ready.set_exception(ConnectionError("disconnected"))
        elif not reply.get("ok"):
            err = msgspec.convert(reply, Refusal).error
            ready.set_exception(ConnectRefused(err.code.value, err.message))
        else:
            ack = msgspec.convert(reply, JoinAck)
            if ack.status != "joined":
                ready.set_exception(ConnectRefused(ack.status, "not admitted"))
                return
            self.member_id = ack.me.id
            self._resume = ack.me.token
            self._joined_seq = ack.seq
            self._check_ready()

    def _check_ready(self) -> None:
        # The stream starts with a snapshot (or catch-up events); it may overtake the ack.
        if self._ready is not None and not self._ready.done() and self._joined_seq is not None:
            if self.last_seq is not None and self.last_seq >= self._joined_seq:
                self._ready.set_result(None)

    def _on_close(self) -> None:
        was_connected = self.connected
        self.connected = False
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(ConnectionError("disconnected"))
        if was_connected and not self.stopping:
            self._rec.count("reconnects")
            asyncio.get_running_loop().create_task(self._rejoin())

    async def _rejoin(self) -> None:
        await asyncio.sleep(RECONNECT_DELAY)
        if not self.stopping:
            await self.join()

    # -- receiving ------------------------------------------------------------------------------

    def _on_event(self, name: str, data: Any, now: float) -> None:
        if name == "event":
            self._on_room_event(data, now)
        elif name == "relay":
            self._rec.count("relays_received")
            self.room.relay_received(data, now)
        elif name == "snapshot":
            seq = data["seq"]
            if self.last_seq is not None and seq > self.last_seq:
                self._rec.count("resyncs")
            if self.last_seq is None or seq > self.last_seq:
                self.last_seq = seq
            self._check_ready()
        elif name == "closed":
            self._rec.error(f"closed:{data.get('code')}")

    def _on_room_event(self, data: dict[str, Any], now: float) -> None:
        seq: int = data["seq"]
        last = self.last_seq
        if last is None:  # no snapshot yet: cannot happen on a correct server
            self._rec.error("event_before_snapshot")
            return
        if seq <= last:
            if seq in self.missing:  # late, not lost after all
                self.missing.discard(seq)
                self._rec.count("lost", -1)
            else:
                self._rec.count("duplicates")
                return
        else:
            if seq > last + 1:
                self._rec.count("gaps")
                self._rec.count("lost", seq - last - 1)
                if len(self.missing) < MISSING_CAP:
                    self.missing.update(range(last + 1, min(seq, last + 1 + MISSING_CAP)))
            self.last_seq = seq
        self._rec.count("deliveries")
        if data["type"] == "Redacted":  # an event not for this member: its seq arrived, nothing to check
            self._rec.count("redacted")
            self._check_ready()
            return
        self.room.delivered(seq, data["type"], data["data"], self, now)
        self._check_ready()

    # -- sending --------------------------------------------------------------------------------

    async def send(self, cmd: ClientCommand, planned: float) -> None:
        """Send `cmd` now (planned for `planned`); its ack is handled when it arrives, never awaited."""
        sock = self.sock
        if not self.connected or sock is None or sock.closed or self.member_id is None:
            self._rec.count("skipped")
            return
        name = wire_name(cmd)
        payload = to_wire(cmd)
        self._rec.count("sent:" + name)
        sent_at = time.monotonic()
        self._rec.latency("schedule_lag", sent_at - planned)
        if cmd.ephemeral:
            self._rec.count("relays_sent")
            relayed = {k: v for k, v in payload.items() if k != "to"}
            self.room.relay_sent(self.member_id, name, relayed, sent_at)
        else:
            self._rec.count("commands_sent")
        self.room.inflight += 1

        def on_ack(reply: Any, now: float) -> None:
            self.room.inflight -= 1
            self._on_ack(reply, name, sent_at, now, cmd.ephemeral)

        try:
            await sock.emit(name, payload, on_ack)
        except (ConnectionError, aiohttp.ClientError):
            self.room.inflight -= 1
            self._rec.error("send:disconnected")

    def _on_ack(self, reply: Any, name: str, sent_at: float, now: float, ephemeral: bool) -> None:
        if reply is None:
            self._rec.error("ack:disconnected")
            return
        self._rec.latency("ack", now - sent_at)
        if reply.get("ok"):
            ack = msgspec.convert(reply, Ack)
            self._rec.count("acks_ok")
            if ack.seq is not None and not ephemeral:
                self.room.acked(ack.seq, sent_at, self)
        else:
            self._rec.count("refused")
            self._rec.error(f"{msgspec.convert(reply, Refusal).error.code.value}:{name}")

    async def close(self) -> None:
        self.stopping = True
        self.connected = False
        if self.sock is not None:
            with contextlib.suppress(Exception):
                await self.sock.close()
