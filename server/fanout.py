"""The fan-out seam: encode a socket.io packet once, queue the same bytes on every recipient's socket.

python-socketio's `emit(to=sid)` builds and msgpack-encodes the packet again for each recipient and
goes through two coroutines per send. A room event goes to every member, so here it is encoded once
(the map python-socketio's msgpack packet encodes: {"type": EVENT, "data": [name, data], "nsp": "/"})
and the one engine.io packet is put straight into each socket's engine.io send queue. That queue is
the one python-socketio's own emits, acks and engine.io's pings go through, so everything a socket
receives keeps its order, and engine.io's writer task drains all that is queued in one wake-up.

This module and `websocket_without_compression` are the only places that reach below
python-socketio's public API (the engine.io socket's `queue`, `closed`, and the aiohttp WebSocket
driver); tests/server/test_fanout.py checks them against stock clients on every upgrade.
"""

from __future__ import annotations

from typing import Any, Protocol

import msgspec
import socketio
from engineio import packet as eio_packet
from engineio.async_drivers import aiohttp as eio_aiohttp

#: socket.io packet types (socket.io-protocol v5)
EVENT = 2
NAMESPACE = "/"

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


def put(sock: EngineSocket, pkt: eio_packet.Packet) -> bool:
    """Queue `pkt` on the socket without a coroutine; False if the socket has closed."""
    if sock.closed:
        return False
    sock.queue.put_nowait(pkt)
    return True


class WebSocketWithoutCompression(eio_aiohttp.WebSocket):  # type: ignore[misc]
    """engine.io's aiohttp WebSocket, minus permessage-deflate.

    Room traffic is small frames: compressing each costs CPU for a few bytes saved, and the zlib
    state costs ~100 KB per connection. Clients that offer the extension simply do without it.
    """

    async def __call__(self, environ: dict[str, Any]) -> Any:
        from aiohttp.web import WebSocketResponse

        request = environ["aiohttp.request"]
        self._sock = WebSocketResponse(max_msg_size=self.server.max_http_buffer_size, compress=False)
        await self._sock.prepare(request)
        self.environ = environ
        await self.handler(self)
        return self._sock


def without_compression(sio: socketio.AsyncServer) -> None:
    """Serve this server's WebSockets without permessage-deflate."""
    sio.eio._async = {**sio.eio._async, "websocket": WebSocketWithoutCompression}
