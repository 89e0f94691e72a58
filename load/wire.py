"""A lean socket.io client: socket.io v5 over one bare engine.io v4 WebSocket, msgpack-framed.

Why not python-socketio's AsyncClient (what tests/client.py uses)? One load process has to hold
thousands of participants, and the stock client costs each one its own aiohttp session, several
background tasks and a generic packet pipeline; load/bench_client.py measures the difference and
docs/benchmarks.md has the figures. This client speaks exactly the subset the server uses:
websocket transport only (no polling, no upgrade), the msgpack parser (one socket.io packet per
binary frame: a map `{type, nsp, data, id?}`), engine.io pings answered with pongs, and acks. Every
participant of a worker shares one aiohttp session (one connector). Nothing is waited for except
the connect handshake: `emit` writes the frame and returns; acks arrive as callbacks.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import msgspec

# socket.io v5 packet types (the msgpack parser sends them as the map's `type`)
CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR = 0, 1, 2, 3, 4
# engine.io v4 packet types, as the first character of a text frame
EIO_OPEN, EIO_CLOSE, EIO_PING, EIO_PONG = "0", "1", "2", "3"

_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder().decode

OnEvent = Callable[[str, Any, float], None]
OnAck = Callable[[Any, float], None]


class ConnectRefused(Exception):
    """The server refused the socket.io connect; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def socket_url(base: str) -> str:
    """`http://host:port` -> `ws://host:port/socket.io/?EIO=4&transport=websocket`."""
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    return urlunsplit((scheme, parts.netloc, "/socket.io/", "EIO=4&transport=websocket", ""))


class LeanSocket:
    """One socket.io connection. `on_event(name, data, received_at)` gets every server event."""

    def __init__(self, session: aiohttp.ClientSession, on_event: OnEvent, on_close: Callable[[], None]) -> None:
        self._session = session
        self._on_event = on_event
        self._on_close = on_close
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._acks: dict[int, OnAck] = {}
        self._next_id = 0
        self.closed = False

    async def connect(self, base_url: str, auth: dict[str, Any], timeout: float = 10.0) -> None:
        """Open the WebSocket, do the engine.io and socket.io handshakes, start reading."""
        ws = await self._session.ws_connect(
            socket_url(base_url), autoping=True, heartbeat=None, max_msg_size=8 * 1024 * 1024, timeout=timeout
        )
        self._ws = ws
        try:
            opened = await ws.receive(timeout)
            if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith(EIO_OPEN):
                raise ConnectRefused("handshake", f"expected an engine.io open packet, got {opened.type}")
            await ws.send_bytes(_encode({"type": CONNECT, "nsp": "/", "data": auth}))
            while True:
                msg = await ws.receive(timeout)
                if msg.type == aiohttp.WSMsgType.TEXT and msg.data == EIO_PING:
                    await ws.send_str(EIO_PONG)
                    continue
                if msg.type != aiohttp.WSMsgType.BINARY:
                    raise ConnectRefused("handshake", f"connection closed during connect ({msg.type})")
                packet = _decode(msg.data)
                if packet["type"] == CONNECT:
                    break
                if packet["type"] == CONNECT_ERROR:
                    data = packet.get("data") or {}
                    detail = data.get("data") or {}
                    raise ConnectRefused(str(detail.get("code", "refused")), str(data.get("message", "")))
        except BaseException:
            await ws.close()
            raise
        self._reader = asyncio.create_task(self._read(ws))

    async def emit(self, event: str, data: Any, on_ack: OnAck | None = None) -> None:
        """Send one event; `on_ack(reply, received_at)` runs when the server acknowledges it."""
        if self._ws is None or self.closed:
            raise ConnectionError("socket closed")
        packet: dict[str, Any] = {"type": EVENT, "nsp": "/", "data": [event, data]}
        if on_ack is not None:
            self._next_id += 1
            packet["id"] = self._next_id
            self._acks[self._next_id] = on_ack
        await self._ws.send_bytes(_encode(packet))

    @property
    def pending_acks(self) -> int:
        return len(self._acks)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for msg in ws:
                now = time.monotonic()
                if msg.type == aiohttp.WSMsgType.BINARY:
                    packet = _decode(msg.data)
                    kind = packet["type"]
                    if kind == EVENT:
                        args = packet["data"]
                        self._on_event(args[0], args[1] if len(args) > 1 else None, now)
                    elif kind == ACK:
                        callback = self._acks.pop(packet["id"], None)
                        if callback is not None:
                            args = packet["data"]
                            callback(args[0] if args else None, now)
                    elif kind == DISCONNECT:
                        break
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    if msg.data == EIO_PING:
                        await ws.send_str(EIO_PONG)
                    elif msg.data.startswith(EIO_CLOSE):
                        break
        except (aiohttp.ClientError, ConnectionError):
            pass
        finally:
            self.closed = True
            unanswered = list(self._acks.values())
            self._acks.clear()
            with contextlib.suppress(Exception):
                await ws.close()
            self._on_close()
            for callback in unanswered:  # an ack that can no longer come is answered with None
                callback(None, time.monotonic())

    async def close(self) -> None:
        """Leave quietly: socket.io disconnect, then close the WebSocket."""
        if self._ws is None:
            return
        self.closed = True
        with contextlib.suppress(Exception):
            await self._ws.send_bytes(_encode({"type": DISCONNECT, "nsp": "/"}))
        with contextlib.suppress(Exception):
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
