"""Hostile frames below the namespace: every one gets a refusal or a close, and one log line at most.

python-socketio hands an EVENT packet to the namespace by its first element whatever its type, routes
a client event named `connect` or `disconnect` to the connection handlers, and a frame that does not
decode raises inside the socket's reader, which logs tracebacks. `FrameGuard` answers the first two
with a refusal ack (counted by the sender's rate limit) and closes the connection of a frame it cannot
read, alone. `RefusalLog` keeps the log bounded however many frames arrive.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import engineio.packet
import socketio
from engineio.async_drivers import aiohttp as eio_aiohttp
from socketio import msgpack_packet, packet

from protocol.errors import ErrorCode

log = logging.getLogger(__name__)

#: names python-socketio gives its own connection handlers; a client may never trigger them
RESERVED_EVENTS = frozenset({"connect", "disconnect", "connect_error"})
#: engine.io packets a client sends over an open WebSocket (OPEN is the server's; PING only to probe)
CLIENT_PACKETS = frozenset(
    {engineio.packet.CLOSE, engineio.packet.PONG, engineio.packet.MESSAGE, engineio.packet.UPGRADE}
)
#: how deep a payload may nest before it is refused (a stroke is 3 levels)
MAX_DEPTH = 16

#: answers a refused event frame for `sid` with the refusal to ack (the gateway charges its rate limit)
RefuseEvent = Callable[[str, ErrorCode, str], dict[str, Any]]
#: (sid, event, payload, ack id) -> handled
HandleNow = Callable[[str, str, Any, "int | None"], bool]


class RefusalLog:
    """At most `per_second` lines a second about refused frames; the rest are counted in the next line."""

    def __init__(self, clock: Callable[[], float], per_second: int = 5) -> None:
        self._clock = clock
        self._per_second = per_second
        self._window = -1.0
        self._lines = 0
        self.suppressed = 0
        self.refused = 0

    def note(self, message: str, *args: Any) -> None:
        self.refused += 1
        now = self._clock()
        if now - self._window >= 1.0:
            self._window, self._lines = now, 0
        if self._lines >= self._per_second:
            self.suppressed += 1
            return
        self._lines += 1
        if self.suppressed:
            message += " (and %d more refused frames not logged)"
            args = (*args, self.suppressed)
            self.suppressed = 0
        log.warning(message, *args)


_SCALARS = (str, int, bool, bytes, type(None))


def non_finite(value: Any, depth: int = 0) -> bool:
    """True when a decoded payload holds NaN or an infinity anywhere (or nests absurdly deep).

    Every command's payload passes here: a loop that skips strings and integers at once, not a
    generator per container (three times faster on a board update).
    """
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list | tuple):
        items = value
    else:
        return False
    if depth > MAX_DEPTH:
        return True
    for v in items:
        t = type(v)
        if t is float:
            if not math.isfinite(v):
                return True
        elif t not in _SCALARS and non_finite(v, depth + 1):
            return True
    return False


def readable_engineio_text(data: str) -> bool:
    """True when a text WebSocket frame is an engine.io packet python-engineio can decode.

    Over a WebSocket, engine.io 4 sends binary data as binary frames: base64 text ('b...') is refused.
    """
    if data.startswith("b"):
        return False
    try:
        pkt = engineio.packet.Packet(encoded_packet=data)
    except Exception:
        return False
    if pkt.packet_type == engineio.packet.PING:
        return pkt.data == "probe"  # the probe of an upgrade from polling; a client never pings otherwise
    return pkt.packet_type in CLIENT_PACKETS


class MsgPackPacket(msgpack_packet.MsgPackPacket):  # type: ignore[misc]
    """python-socketio's msgpack packet, but a DISCONNECT carries no `data` (socket.io-protocol v5).

    The stock packet writes `data: nil` in every packet; socket.io-msgpack-parser refuses a DISCONNECT
    that has any, so a browser saw each server-side disconnect (a removal, a drain) as a "parse error"
    and reconnected as if the network had failed.
    """

    def _to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = super()._to_dict()
        if self.packet_type == packet.DISCONNECT and d.get("data") is None:
            d.pop("data", None)
        return d


class FrameGuard(socketio.AsyncServer):
    """The socket.io server, refusing what its stock handlers would mis-route or log as a crash."""

    def __init__(self, refuse_event: RefuseEvent, refusals: RefusalLog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if kwargs.get("serializer") == "msgpack":
            self.packet_class = MsgPackPacket
        self._refuse_event = refuse_event
        self.refusals = refusals
        #: the gateway's fast path (gateway.Gateway.handle_now): True when it handled the event frame
        self.handle_now: HandleNow | None = None
        #: engine.io sids whose frame `dispatch_now` offered and the fast path declined, on their way
        self._declined: set[str] = set()

    def dispatch_now(self, eio_sid: str, data: bytes) -> bool:
        """A binary engine.io MESSAGE straight from the socket's reader (fanout._serve): True when it
        was a plain EVENT of a connected socket and the gateway's fast path took it.

        Everything else (a frame that does not decode, another packet type, a refused name, what the
        gateway sends down its general path) returns False and goes the stock way, through engine.io's
        `receive` and python-socketio's own decoding, which refuse or route it as before.
        """
        handle_now = self.handle_now
        if handle_now is None or eio_sid in self._binary_packet:
            return False
        try:
            pkt = self.packet_class(encoded_packet=data)
        except Exception:
            return False
        body = pkt.data
        if pkt.packet_type != packet.EVENT or not isinstance(body, list) or not body:
            return False
        name = body[0]
        if not isinstance(name, str) or name in RESERVED_EVENTS:
            return False
        namespace = pkt.namespace or "/"
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is None or not self.manager.is_connected(sid, namespace):
            return False
        if handle_now(sid, name, body[1] if len(body) > 1 else None, pkt.id):
            return True
        self._declined.add(eio_sid)  # the stock path brings it to `_handle_event`: not offered twice
        return False

    def guard_text_frames(self) -> None:
        """Wrap the installed WebSocket driver (call it last: fanout.py may replace the driver too)."""
        guard = self
        driver: type[eio_aiohttp.WebSocket] = self.eio._async["websocket"]

        class GuardedWebSocket(driver):  # type: ignore[misc, valid-type]
            """engine.io's reader decodes text frames outside any handler: refuse bad ones first."""

            async def wait(self) -> Any:
                data = await super().wait()
                if isinstance(data, str) and not readable_engineio_text(data):
                    guard.refusals.note("unreadable engine.io frame (%d chars); connection closed", len(data))
                    return None  # engine.io reads this as the client closing: this socket alone ends
                return data

        # A copy: the driver table is shared by every engine.io server of the process.
        self.eio._async = {**self.eio._async, "websocket": GuardedWebSocket}

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except Exception as exc:  # the frame did not decode: close this connection alone
            self.refusals.note("unreadable frame from %s (%s); connection closed", eio_sid, type(exc).__name__)
            await self.close_transport(eio_sid)

    async def close_transport(self, eio_sid: str) -> None:
        """Close one engine.io connection for good: a CLOSE packet, then the WebSocket itself."""
        sock = self.eio.sockets.get(eio_sid)
        await self.eio.disconnect(eio_sid)
        if sock is not None:
            await sock.queue.put(None)  # ends its writer, which closes the WebSocket under a deaf client

    async def _handle_event(self, eio_sid: str, namespace: str | None, id: int | None, data: Any) -> None:
        name = data[0] if isinstance(data, list) and data else None
        namespace = namespace or "/"
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        connected = sid is not None and self.manager.is_connected(sid, namespace)
        if connected and isinstance(name, str) and name not in RESERVED_EVENTS:
            # In the socket's reader (python-socketio turns engine.io's own tasks off): no task yet.
            handle_now = self.handle_now
            if eio_sid in self._declined:
                self._declined.discard(eio_sid)  # `dispatch_now` offered it already
            elif handle_now is not None and handle_now(sid, name, data[1] if len(data) > 1 else None, id):  # type: ignore[arg-type]
                return
            await super()._handle_event(eio_sid, namespace, id, data)
            return
        if not connected:  # python-socketio would drop it with a warning and no answer
            code, message = ErrorCode.NOT_JOINED, f"not connected to namespace {str(namespace)[:40]!r}; use '/'"
            sid = self.manager.sid_from_eio_sid(eio_sid, "/")  # charged to the connection's own rate
        elif isinstance(name, str):
            code, message = ErrorCode.UNKNOWN_EVENT, f"{name!r} is reserved; clients may not send it"
        else:
            code, message = ErrorCode.UNKNOWN_EVENT, "event names are strings"
        self.refusals.note("refused event frame from %s: %s", sid, message)
        answer = self._refuse_event(sid, code, message)
        if id is not None:
            ack = self.packet_class(packet.ACK, namespace=namespace, id=id, data=[answer])
            await self._send_packet(eio_sid, ack)
