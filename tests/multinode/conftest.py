"""A real cluster for tests: a redis-server on a free port and several `peergroup serve` processes."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis

from server.cluster.keys import room_key
from server.cluster.lease import Owner, parse_owner
from tests.client import Client
from tests.conftest import ServerProcess, create_room, free_port

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here spawns redis-server and several nodes: mark them `slow`."""
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)


REDIS = shutil.which("redis-server")

#: short enough that failover tests finish quickly, long enough for a loaded 2-core machine
LEASE_SECONDS = 2.0
HEARTBEAT_SECONDS = 1.0


class RedisProcess:
    """A redis-server of our own (never port 6379), killable and restartable on the same port and data."""

    def __init__(self, directory: Path, appendonly: bool = True) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.appendonly = appendonly
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert REDIS is not None, "redis-server is needed for the multinode tests (apt install redis-server)"
        args = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", str(self.dir)]
        args += ["--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "everysec"]
        log = open(self.dir / "redis.log", "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)

    async def ready(self, timeout: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            client = aioredis.from_url(self.url)
            try:
                if await client.ping():
                    return
            except (OSError, aioredis.ConnectionError):
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.05)
            finally:
                await client.aclose()

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=10)


class Cluster:
    """Redis plus nodes; helpers to find a room's owner and to open clients on a given node."""

    def __init__(self, tmp: Path, redis: RedisProcess) -> None:
        self.tmp = tmp
        self.redis = redis
        self.nodes: list[ServerProcess] = []
        self.clients: list[Client] = []
        self.db = aioredis.from_url(redis.url)

    def add_node(self, name: str, env: dict[str, str] | None = None, module: list[str] | None = None) -> ServerProcess:
        extra = ["--redis-url", self.redis.url, "--node-id", name]
        extra += ["--lease-seconds", str(LEASE_SECONDS), "--heartbeat-seconds", str(HEARTBEAT_SECONDS)]
        node = ServerProcess(self.tmp / name, extra=extra, env=env, module=module)
        node.start()
        self.nodes.append(node)
        return node

    async def start(
        self, count: int, env: dict[int, dict[str, str]] | None = None, modules: dict[int, list[str]] | None = None
    ) -> list[ServerProcess]:
        nodes = [self.add_node(f"n{i}", (env or {}).get(i), (modules or {}).get(i)) for i in range(count)]
        await asyncio.gather(*(n.ready() for n in nodes))
        return nodes

    async def owner(self, room_id: str) -> Owner | None:
        return parse_owner(await self.db.get(room_key(room_id, "owner")))

    async def wait_owner(self, room_id: str, other_than: str | None = None, timeout: float = 15.0) -> Owner:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            owner = await self.owner(room_id)
            if owner is not None and owner.node != other_than:
                return owner
            assert asyncio.get_running_loop().time() < deadline, f"no new owner of {room_id}"
            await asyncio.sleep(0.05)

    def node(self, name: str) -> ServerProcess:
        return self.nodes[int(name.removeprefix("n"))]

    async def create_room(self, node: ServerProcess, **body: Any) -> dict[str, Any]:
        return await create_room(node.url, **body)

    async def client(self, node: ServerProcess, token: str) -> Client:
        c = Client(node.url)
        self.clients.append(c)
        await c.connect(token)
        return c

    async def member(self, node: ServerProcess, room: dict[str, Any], role: str, name: str) -> Client:
        c = await self.client(node, room["tokens"][role])
        ack = await c.join(name)
        assert ack["ok"], ack
        return c

    async def close(self) -> None:
        for c in self.clients:
            with contextlib.suppress(Exception):
                await c.close()
        for n in self.nodes:
            n.kill()
        await self.db.aclose()


async def readyz(node: ServerProcess) -> int:
    async with aiohttp.ClientSession() as s, s.get(f"{node.url}/readyz") as r:
        return r.status


async def eventually(check: Callable[[], Any], timeout: float = 10.0, every: float = 0.05) -> None:
    """Wait until the (possibly async) `check` returns true."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(every)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisProcess]:
    r = RedisProcess(tmp_path / "redis")
    r.start()
    yield r
    r.kill()


@pytest.fixture
async def cluster(tmp_path: Path, redis_server: RedisProcess) -> AsyncIterator[Cluster]:
    await redis_server.ready()
    c = Cluster(tmp_path, redis_server)
    try:
        yield c
    finally:
        await c.close()
