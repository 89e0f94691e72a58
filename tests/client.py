"""A test client: a real python-socketio AsyncClient with msgpack, recording all it receives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import socketio

from protocol import PROTOCOL_VERSION


class Client:
    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)
        self.received: list[tuple[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.snapshot: dict[str, Any] | None = None
        self.seq = 0
        self.connect_error: Any = None
        self.me: dict[str, Any] = {}
        self._changed = asyncio.Event()
        for name in ("event", "snapshot", "relay", "admitted", "closed"):
            self.sio.on(name, self._recorder(name))
        self.sio.on("connect_error", self._on_connect_error)

    def _recorder(self, name: str) -> Callable[[Any], None]:
        def record(data: Any) -> None:
            self.received.append((name, data))
            if name == "snapshot":
                self.snapshot = data
                self.seq = data["seq"]
            elif name == "event":
                assert data["seq"] > self.seq, f"out of order: {data['seq']} after {self.seq}"
                self.seq = data["seq"]
                self.events.append(data)
            self._changed.set()

        return record

    def _on_connect_error(self, data: Any) -> None:
        self.connect_error = data

    async def connect(
        self,
        token: str,
        version: int = PROTOCOL_VERSION,
        headers: dict[str, str] | None = None,
        resume: str | None = None,
    ) -> None:
        auth: dict[str, Any] = {"v": version, "token": token}
        if resume:
            auth["resume"] = resume
        await self.sio.connect(
            self.url,
            auth=auth,
            transports=["websocket"],
            headers=headers or {},
            wait_timeout=5,
        )

    async def join(self, name: str, **kw: Any) -> dict[str, Any]:
        ack: dict[str, Any] = await self.call("join", {"name": name, **kw})
        if ack.get("ok"):
            self.me = ack["me"]
            if ack["status"] == "joined":
                await self.wait_seq(ack["seq"])  # the snapshot (or catch-up) follows the ack
        return ack

    async def call(self, event: str, payload: Any = None, timeout: float = 10) -> Any:
        return await self.sio.call(event, payload if payload is not None else {}, timeout=timeout)

    async def wait_for(self, predicate: Callable[[Client], bool], timeout: float = 5.0) -> None:
        """Wait until `predicate(self)` holds, re-checking on every message received."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate(self):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met; last messages: {self.received[-5:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def wait_seq(self, seq: int, timeout: float = 5.0) -> None:
        await self.wait_for(lambda c: c.seq >= seq, timeout)

    def types(self) -> list[str]:
        return [e["type"] for e in self.events]

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
