"""Fixtures shared by every integration test: real servers on free ports, real socket.io clients."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from server.app import Node
from server.clock import FakeClock
from server.config import Config
from tests.client import Client

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-secret-" + "x" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class InProcessServer:
    """A real node listening on a free port inside the test's event loop (so a FakeClock can drive it)."""

    def __init__(self, node: Node, port: int) -> None:
        self.node = node
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.clients: list[Client] = []

    async def create_room(self, **body: Any) -> dict[str, Any]:
        return await create_room(self.url, **body)

    async def client(self, token: str, **kw: Any) -> Client:
        c = Client(self.url)
        self.clients.append(c)
        await c.connect(token, **kw)
        return c

    async def member(self, room: dict[str, Any], role: str, name: str) -> Client:
        """A connected and joined client."""
        c = await self.client(room["tokens"][role])
        ack = await c.join(name)
        assert ack["ok"], ack
        return c


async def create_room(url: str, api_key: str | None = None, **body: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    async with aiohttp.ClientSession() as s, s.post(f"{url}/api/rooms", json=body, headers=headers) as r:
        data: dict[str, Any] = await r.json()
        assert r.status == 201, data
        return data


@contextlib.asynccontextmanager
async def serve_in_process(config: Config, clock: Any = None) -> AsyncIterator[InProcessServer]:
    node = Node(config, clock=clock)
    runner = web.AppRunner(node.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", config.port)
    await site.start()
    server = InProcessServer(node, config.port)
    try:
        yield server
    finally:
        for c in server.clients:
            await c.close()
        await runner.cleanup()


def make_config(tmp_path: Path, **kw: Any) -> Config:
    port = free_port()
    return Config(port=port, data_dir=tmp_path / "data", secret=SECRET, **kw)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def server(tmp_path: Path, clock: FakeClock) -> AsyncIterator[InProcessServer]:
    """One embedded node on a fake clock."""
    async with serve_in_process(make_config(tmp_path), clock=clock) as s:
        yield s


class ServerProcess:
    """`python -m server serve` as a child process: for kill -9, restarts and multi-node tests."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        extra: list[str] | None = None,
        env: dict[str, str] | None = None,
        module: list[str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra = extra or []
        self.env = env or {}
        #: what runs after `python -m` (a test wrapper of the server may take arguments of its own)
        self.module = module or ["server"]
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"server-{self.port}.log"

    def start(self) -> None:
        env = {**os.environ, "PEERGROUP_SECRET": SECRET, **self.env}
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *self.module,
                "serve",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                *self.extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    async def ready(self, timeout: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession() as s:
            while asyncio.get_running_loop().time() < deadline:
                assert self.proc is not None and self.proc.poll() is None, self.log_path.read_text()[-3000:]
                with contextlib.suppress(aiohttp.ClientError):
                    async with s.get(f"{self.url}/readyz") as r:
                        if r.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise TimeoutError(f"server on {self.port} not ready: {self.log_path.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            if sig in (signal.SIGKILL, signal.SIGTERM):
                self.proc.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerProcess]:
    p = ServerProcess(tmp_path / "data")
    yield p
    p.kill()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Known failures (tests/quarantine.py) are reported as skipped with their reason, never hidden."""
    if os.environ.get("PEERGROUP_RUN_QUARANTINED"):
        return
    from tests.quarantine import QUARANTINED

    for item in items:
        reason = QUARANTINED.get(item.nodeid)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"quarantined (tests/quarantine.py): {reason}"))
