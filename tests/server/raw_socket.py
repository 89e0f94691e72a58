"""An engine.io WebSocket spoken by hand, for the frames no socket.io client would ever send."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from typing import Any

import aiohttp
import msgpack

from protocol import PROTOCOL_VERSION

CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR = 0, 1, 2, 3, 4


class RawSocket:
    """One connection: answers pings, collects acks by id, notices when the server closes it."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.acks: dict[Any, Any] = {}
        self.closed = asyncio.Event()
        self._arrived = asyncio.Event()
        self._ids = itertools.count(1000)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def open(self, token: str) -> dict[str, Any]:
        """Open the transport and the default namespace; the CONNECT answer."""
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.url)
        hello = await self._ws.receive(timeout=5)
        assert hello.type is aiohttp.WSMsgType.TEXT and hello.data.startswith("0"), hello
        await self.send_packet({"type": CONNECT, "nsp": "/", "data": {"v": PROTOCOL_VERSION, "token": token}})
        answer = msgpack.unpackb((await self._ws.receive(timeout=5)).data)
        self._reader = asyncio.create_task(self._read())
        return answer  # type: ignore[no-any-return]

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for msg in self._ws:
                if msg.type is aiohttp.WSMsgType.TEXT and msg.data == "2":
                    await self._ws.send_str("3")
                elif msg.type is aiohttp.WSMsgType.BINARY:
                    pkt = msgpack.unpackb(msg.data, strict_map_key=False)
                    if pkt.get("type") == ACK:
                        self.acks[pkt["id"]] = pkt["data"][0] if pkt.get("data") else None
                        self._arrived.set()
        finally:
            self.closed.set()
            self._arrived.set()

    async def send_frame(self, frame: bytes | str) -> None:
        assert self._ws is not None
        with contextlib.suppress(ConnectionError, RuntimeError):
            if isinstance(frame, str):
                await self._ws.send_str(frame)
            else:
                await self._ws.send_bytes(frame)

    async def send_packet(self, pkt: dict[str, Any]) -> None:
        await self.send_frame(msgpack.packb(pkt))

    async def emit(self, name: Any, payload: Any = None) -> int:
        """Send an EVENT asking for an ack; its id."""
        ack_id = next(self._ids)
        data = [name] if payload is None else [name, payload]
        await self.send_packet({"type": EVENT, "nsp": "/", "data": data, "id": ack_id})
        return ack_id

    async def answer(self, ack_id: Any, timeout: float = 5.0) -> Any:
        """The ack of `ack_id`; None when the connection closed first or nothing came in time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while ack_id not in self.acks and not self.closed.is_set():
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), max(0.0, deadline - loop.time()))
            if loop.time() >= deadline:
                break
        return self.acks.get(ack_id)

    async def call(self, name: Any, payload: Any = None, timeout: float = 5.0) -> Any:
        return await self.answer(await self.emit(name, payload), timeout)

    async def wait_closed(self, timeout: float = 5.0) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closed.wait(), timeout)
        return self.closed.is_set()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader
        if self._session is not None:
            await self._session.close()
