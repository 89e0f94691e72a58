"""The fan-out seam: encode a socket.io packet once, queue the same bytes on every recipient's socket.

python-socketio's `emit(to=sid)` builds and msgpack-encodes the packet again for each recipient and
goes through two coroutines per send. A room event goes to every member, so here it is encoded once
(the map python-socketio's msgpack packet encodes: {"type": EVENT, "data": [name, data], "nsp": "/"})
and the one engine.io packet is put straight into each socket's engine.io send queue. That queue is
the one python-socketio's own emits, acks and engine.io's pings go through, so everything a socket
receives keeps its order, and engine.io's writer task drains all that is queued in one wake-up.

This module is the only place that reaches below python-socketio's public API (the engine.io
socket's `queue` and `closed`, and engine.io's aiohttp WebSocket driver, see FastWebSocket);
tests/server/test_fanout.py and the stock-client tests check it against stock clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from typing import Any, Protocol

import msgspec
import socketio
from engineio import exceptions as engineio_exceptions
from engineio import packet as eio_packet
from engineio.async_drivers import aiohttp as eio_aiohttp

#: socket.io packet types (socket.io-protocol v5)
EVENT = 2
ACK = 3
NAMESPACE = "/"

#: bytes waiting in the kernel-side buffer of a socket past which its writer stops writing
WRITE_HIGH_WATER = 1 << 20

_encode = msgspec.msgpack.Encoder().encode


class EngineSocket(Protocol):
    """What the seam uses of engine.io's AsyncSocket."""

    closed: bool
    queue: Any


def encode(name: str, data: Any) -> eio_packet.Packet:
    """One socket.io event as the engine.io packet every recipient gets (binary: the msgpack parser)."""
    return eio_packet.Packet(eio_packet.MESSAGE, data=_encode({"type": EVENT, "data": [name, data], "nsp": NAMESPACE}))


def engine_socket(sio: socketio.AsyncServer, sid: str) -> EngineSocket | None:
    """The engine.io socket under socket.io session `sid` (None once it is gone)."""
    eio_sid = sio.manager.eio_sid_from_sid(sid, NAMESPACE)
    sock = sio.eio.sockets.get(eio_sid) if eio_sid is not None else None
    return None if sock is None or sock.closed else sock  # type: ignore[no-any-return]


def queued(sock: EngineSocket) -> int:
    """Packets waiting for the socket's writer: how far behind the client is."""
    return int(sock.queue.qsize())


def encode_ack(ack_id: int, answer: Any) -> eio_packet.Packet:
    """The ACK of one client frame, as python-socketio's msgpack packet encodes it."""
    return eio_packet.Packet(
        eio_packet.MESSAGE, data=_encode({"type": ACK, "data": [answer], "nsp": NAMESPACE, "id": ack_id})
    )


def put(sock: EngineSocket, pkt: eio_packet.Packet) -> bool:
    """Send `pkt` on the socket without a coroutine, after everything before it; False if it has closed.

    While the socket's writer (`_write`) waits on an empty queue, the frame is written to the
    transport at once (`Direct`); otherwise it is queued behind what waits, and the writer sends it.
    """
    if sock.closed:
        return False
    direct: Direct | None = getattr(sock, "pg_direct", None)
    if direct is not None and not sock.queue.qsize() and direct.write(pkt):
        return True
    sock.queue.put_nowait(pkt)
    return True


class Direct:
    """Writes a socket's frames straight to its transport, while its writer task has nothing queued.

    This saves a task wake-up per socket per message, the largest cost of a room's fan-out. Frames
    written in one turn of the event loop are gathered and go out in one `transport.write` per
    socket at the end of the turn (`_flush`, scheduled by the first): a batch's events, and the
    acks its commands get, cost one system call per socket instead of one per frame.

    Order holds: the flush is scheduled before anything queued in the same turn can wake the writer
    task (callbacks run in the order they were scheduled), and `put` queues behind a non-empty queue.
    """

    __slots__ = ("pending", "transport")

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.pending: list[bytes] | None = None

    def write(self, pkt: eio_packet.Packet) -> bool:
        """False (queue it instead) when the client is not reading: the writer then waits for it."""
        t = self.transport
        if t.is_closing() or t.get_write_buffer_size() > WRITE_HIGH_WATER:
            return False
        frame = frame_of(pkt)
        if self.pending is not None:
            self.pending.append(frame)
            return True
        self.pending = [frame]
        if not _to_flush:
            asyncio.get_running_loop().call_soon(_flush)
        _to_flush.append(self)
        return True


_to_flush: list[Direct] = []


def _flush() -> None:
    """The end of a turn of the loop: every socket's gathered frames in one write each."""
    for direct in _to_flush:
        frames, direct.pending = direct.pending, None
        if frames and not direct.transport.is_closing():
            direct.transport.write(frames[0] if len(frames) == 1 else b"".join(frames))
    _to_flush.clear()


def frame_of(pkt: eio_packet.Packet) -> bytes:
    """The packet's WebSocket frame, built once however many sockets it goes to."""
    frame: bytes | None = pkt.__dict__.get("pg_frame")
    if frame is None:
        frame = pkt.pg_frame = _frame(pkt.encode())
    return frame


class FastWebSocket(eio_aiohttp.WebSocket):  # type: ignore[misc]
    """engine.io's aiohttp WebSocket driver, serving a WebSocket-only connection with less machinery.

    - No permessage-deflate: room traffic is small frames; compressing each costs CPU for a few
      bytes, and the zlib state ~100 KB per connection. Clients that offer it do without.
    - For a connection that opens as a WebSocket (what peergroup's clients do), the engine.io
      socket's read and write loops run here instead of in engine.io's `_websocket_handler`: the
      same steps (every packet through `socket.receive`, everything queued written in order), but
      without a task and a timer per received message and per wake-up, and with all the frames
      queued for the socket written in one `transport.write`. A polling connection upgrading to
      WebSocket goes through engine.io's own handler.
    """

    async def __call__(self, environ: dict[str, Any]) -> Any:
        from aiohttp.web import WebSocketResponse

        request = environ["aiohttp.request"]
        self._sock = WebSocketResponse(max_msg_size=self.server.max_http_buffer_size, compress=False)
        await self._sock.prepare(request)
        self.environ = environ
        sock = getattr(self.handler, "__self__", None)
        if sock is None or sock.connected or request.transport is None:
            await self.handler(self)
        else:
            await _serve(sock, self, request.transport)
        return self._sock


class Pinger:
    """engine.io's pings for every WebSocket of one event loop, and the check that each is answered.

    engine.io runs a task per socket per ping (sleep `ping_interval`, send PING, and a new task on
    each PONG): at 10,000 idle members, 2,000 tasks a second and 45% of a core. Here each socket is
    filed in a slot of a wheel by when its next ping is due; one timer per slot sends the PINGs due
    (one frame, shared) and files each socket again, `ping_timeout` later, to check that it was
    heard from since (a PONG or any frame: `sock.pg_heard`). One silent for `ping_interval +
    ping_timeout` has its reader cancelled, and engine.io closes it: the limit engine.io's timeout
    around every read had, without a timer per socket (a per-socket timer was still 11% of an idle
    node at 10,000 members).
    """

    SLOT = 0.25  # seconds per slot: pings go out, and checks run, up to this late

    def __init__(self, interval: float, timeout: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._interval = interval
        self._timeout = timeout
        self._limit = interval + timeout  # the silence that ends a socket, as engine.io's reader had it
        self._slots: dict[int, list[tuple[Any, float | None]]] = {}
        self._ping = eio_packet.Packet(eio_packet.PING)

    def add(self, sock: Any) -> None:
        """Start pinging `sock` (its reader, `sock.pg_reader`, is cancelled if it stops answering)."""
        self._file(sock, self._loop.time() + self._interval, None)

    def _file(self, sock: Any, when: float, pinged: float | None) -> None:
        slot = int(when / self.SLOT) + 1
        due = self._slots.get(slot)
        if due is None:
            due = self._slots[slot] = []
            self._loop.call_at(slot * self.SLOT, self._tick, slot)
        due.append((sock, pinged))

    def _tick(self, slot: int) -> None:
        now = self._loop.time()
        for sock, pinged in self._slots.pop(slot, ()):
            if sock.closed or sock.closing:
                continue
            if pinged is None:  # its ping is due
                if put(sock, self._ping):
                    self._file(sock, now + self._timeout, now)
            elif sock.pg_heard < pinged:  # nothing heard since the ping, `ping_timeout` ago
                if now - sock.pg_heard < self._limit:
                    # Silent for less than interval + timeout (a loop running late has not read the
                    # PONG yet, say): look again when that much silence would have passed.
                    self._file(sock, sock.pg_heard + self._limit, pinged)
                    continue
                reader = getattr(sock, "pg_reader", None)
                if reader is not None:
                    reader.cancel()
            else:
                self._file(sock, pinged + self._interval, None)


_pingers: dict[tuple[int, float, float], Pinger] = {}


def pinger(interval: float, timeout: float) -> Pinger:
    """This loop's pinger for `interval` and `timeout` (one per server in practice)."""
    key = (id(asyncio.get_running_loop()), interval, timeout)
    p = _pingers.get(key)
    if p is None or p._loop.is_closed():
        p = _pingers[key] = Pinger(interval, timeout)
    return p


#: the engine.io PONG packet, as a text frame's payload
PONG = str(eio_packet.PONG)


async def _serve(sock: Any, ws: FastWebSocket, transport: asyncio.Transport) -> None:
    """engine.io's WebSocket loops for one socket (see FastWebSocket)."""
    server = sock.server
    sock.connected = True
    sock.upgraded = True
    loop = asyncio.get_running_loop()
    writer = loop.create_task(_write(sock, ws, transport))
    # A binary frame is an engine.io MESSAGE: the socket.io server may take it at once (frames.py).
    dispatch: Any = getattr(server, "pg_dispatch_now", None)
    sock.pg_heard = loop.time()
    sock.pg_reader = asyncio.current_task()
    pinger(server.ping_interval, server.ping_timeout).add(sock)
    try:
        while True:
            try:
                data = await ws.wait()
            except (OSError, asyncio.CancelledError):
                break
            except Exception:
                break
            if data is None:
                break
            sock.pg_heard = loop.time()
            if data == PONG:
                # Heard, and the ping it answers is settled (engine.io's `check_ping_timeout` reads
                # `last_ping`); engine.io's own handling would also start a ping task: not here.
                sock.last_ping = None
                continue
            if len(data) > server.max_http_buffer_size:
                break
            if dispatch is not None and isinstance(data, bytes) and dispatch(sock.sid, data):
                continue
            try:
                await sock.receive(eio_packet.Packet(encoded_packet=data))
            except engineio_exceptions.UnknownPacketError:
                pass
            except engineio_exceptions.SocketIsClosedError:
                break
            except Exception:
                server.logger.exception("Unknown receive error")
    finally:
        sock.pg_reader = None
        sock.queue.put_nowait(None)  # unblock the writer so it can finish
        await writer
        await sock.close(wait=False, abort=True, reason=server.reason.TRANSPORT_CLOSE)


async def _write(sock: Any, ws: FastWebSocket, transport: asyncio.Transport) -> None:
    """Write every packet queued for the socket, in order; all that is waiting goes in one write.

    While this waits on an empty queue, `put` writes directly (`Direct`); never while it waits for a
    client that does not read, so nothing overtakes what is queued.
    """
    queue = sock.queue
    direct = Direct(transport)
    sock.pg_direct = direct
    try:
        while True:
            # No timeout here: a silent client is the pinger's to detect (`Pinger`), and most
            # frames (pings too) bypass this queue (`Direct`), so an idle queue means nothing.
            try:
                first = await queue.get()
            except asyncio.CancelledError:
                break
            queue.task_done()
            packets = [first]
            while first is not None and not queue.empty():
                pkt = queue.get_nowait()
                queue.task_done()
                if pkt is None:
                    queue.put_nowait(None)
                    break
                packets.append(pkt)
            frames = [frame_of(p) for p in packets if p is not None]
            if frames and not transport.is_closing():
                transport.write(b"".join(frames))
            if first is None or transport.is_closing():
                break
            # A client that does not read: wait (its engine.io queue grows, and the outbox's limits
            # apply); aiohttp offers no public drain for a transport written directly.
            if transport.get_write_buffer_size() > WRITE_HIGH_WATER:
                sock.pg_direct = None
                while transport.get_write_buffer_size() > WRITE_HIGH_WATER and not transport.is_closing():  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
                sock.pg_direct = direct
    finally:
        sock.pg_direct = None
        with contextlib.suppress(Exception):
            await ws.close()


def _frame(message: bytes | str) -> bytes:
    """One unmasked, uncompressed WebSocket frame (RFC 6455 5.2): binary for bytes, text for str."""
    if isinstance(message, str):
        payload, first = message.encode(), 0x81
    else:
        payload, first = message, 0x82
    n = len(payload)
    if n < 126:
        return bytes((first, n)) + payload
    if n < 65536:
        return struct.pack("!BBH", first, 126, n) + payload
    return struct.pack("!BBQ", first, 127, n) + payload


def install(sio: socketio.AsyncServer) -> None:
    """Serve this server's WebSockets with FastWebSocket."""
    sio.eio._async = {**sio.eio._async, "websocket": FastWebSocket}
    dispatch_now = getattr(sio, "dispatch_now", None)  # frames.FrameGuard's: a frame without engine.io's steps
    if dispatch_now is not None:
        sio.eio.pg_dispatch_now = dispatch_now
