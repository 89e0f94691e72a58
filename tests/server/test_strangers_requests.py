"""A stranger's HTTP request costs nothing: credentials before work, a rate limit, no token in any log."""

from __future__ import annotations

import asyncio
import random
import statistics
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.client import Client
from tests.conftest import InProcessServer, ServerProcess, create_room, make_config, serve_in_process

STROKES = 75
POINTS = 2000


@pytest.fixture
async def roomy(tmp_path: Path) -> AsyncIterator[InProcessServer]:
    """A node that lets one facilitator draw a full board quickly (the default burst is 40)."""
    config = make_config(tmp_path, command_burst=10_000, commands_per_second=10_000.0)
    async with serve_in_process(config) as s:
        yield s


class LoadCounter:
    """Counts the node's room loads, passing each through to the real backend."""

    def __init__(self, server: InProcessServer) -> None:
        self.count = 0
        backend = server.node.backend
        real = backend.load

        async def load(room_id: str) -> Any:
            self.count += 1
            return await real(room_id)

        backend.load = load  # type: ignore[method-assign]


async def draw_full_board(fac: Client) -> None:
    rng = random.Random(7)
    for i in range(STROKES):
        points = [[round(rng.uniform(0, 1500), 1), round(rng.uniform(0, 900), 1)] for _ in range(POINTS)]
        ack = await fac.call("add_element", {"element": {"id": f"s-{i}", "kind": "stroke", "points": points}})
        assert ack["ok"], ack


async def ack_p99(c: Client, calls: int) -> float:
    loop = asyncio.get_running_loop()
    times = []
    for i in range(calls):
        t = loop.time()
        assert (await c.call("rename", {"name": f"Bystander {i % 9}"}))["ok"]
        times.append((loop.time() - t) * 1000)
    return statistics.quantiles(times, n=100)[98]


async def test_a_bad_token_is_refused_before_the_room_is_loaded(server: InProcessServer) -> None:
    room = await server.create_room()
    loads = LoadCounter(server)
    url = f"{server.url}/api/rooms/{room['room_id']}"
    bad = {"Authorization": "Bearer not-a-token"}
    async with aiohttp.ClientSession() as s:
        for path in ("/record?format=json", "/record?format=md", "/board?format=svg"):
            async with s.get(url + path, headers=bad) as r:
                assert r.status == 401, await r.text()
        async with s.post(url + "/links", headers=bad) as r:
            assert r.status == 401
        async with s.get(url, headers=bad) as r:
            assert r.status == 401
    assert loads.count == 0


async def test_strangers_record_requests_leave_a_bystanders_acks_where_they_were(roomy: InProcessServer) -> None:
    room = await roomy.create_room()
    fac = await roomy.member(room, "facilitator", "Fay")
    bystander = await roomy.member(room, "participant", "Bea")
    await draw_full_board(fac)
    loads = LoadCounter(roomy)
    before = await ack_p99(bystander, 100)

    statuses: list[int] = []

    async def stranger(s: aiohttp.ClientSession) -> None:
        for _ in range(10):
            headers = {"Authorization": "Bearer " + room["tokens"]["participant"]}  # a real link, wrong role
            async with s.get(f"{roomy.url}/api/rooms/{room['room_id']}/record?format=md", headers=headers) as r:
                statuses.append(r.status)

    async with aiohttp.ClientSession() as s:
        attack = asyncio.gather(*(stranger(s) for _ in range(3)))
        during = await ack_p99(bystander, 100)
        await attack
    print(f"\nbystander ack p99: {before:.1f} ms before, {during:.1f} ms during {len(statuses)} stranger requests")
    assert set(statuses) <= {401, 429} and len(statuses) == 30
    assert loads.count == 0

    # A facilitator's own export of that full board is built off the event loop.
    async with aiohttp.ClientSession() as s:
        headers = {"Authorization": "Bearer " + fac.me["token"]}
        board = f"{roomy.url}/api/rooms/{room['room_id']}/board?format=svg"
        export = asyncio.ensure_future(s.get(board, headers=headers))
        while_exporting = await ack_p99(bystander, 100)
        async with await export as r:
            assert r.status == 200 and (await r.text()).startswith("<svg")
    print(f"bystander ack p99 while a facilitator exports the full board: {while_exporting:.1f} ms")


async def test_an_address_past_its_http_rate_gets_429_and_health_stays_open(tmp_path: Path) -> None:
    async with serve_in_process(make_config(tmp_path, http_requests_per_second=2.0, http_burst=5)) as server:
        statuses = []
        async with aiohttp.ClientSession() as s:
            for _ in range(12):
                async with s.get(f"{server.url}/api/rooms/nosuchroom00") as r:
                    statuses.append(r.status)
                    body = await r.json()
            assert body["error"]["code"] == "rate_limited" and body["error"]["retryable"]
            async with s.get(f"{server.url}/healthz") as r:
                assert r.status == 200
        assert statuses.count(429) >= 12 - 5 - 2, statuses


async def test_no_token_reaches_any_log_line(server_process: ServerProcess) -> None:
    server_process.start()
    await server_process.ready()
    room = await create_room(server_process.url)
    c = Client(server_process.url)
    await c.connect(room["tokens"]["facilitator"])
    assert (await c.join("Fay"))["ok"]
    member_token = c.me["token"]
    base = f"{server_process.url}/api/rooms/{room['room_id']}"
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{base}/record?format=md&token={member_token}") as r:
            assert r.status == 401  # a query-string credential is not accepted
        async with s.get(f"{base}/record?format=md", headers={"Authorization": f"Bearer {member_token}"}) as r:
            assert r.status == 200
        async with s.get(base, headers={"Authorization": f"Bearer {room['tokens']['participant']}"}) as r:
            assert r.status == 200
    await c.close()
    server_process.stop()
    text = server_process.log_path.read_text()
    secrets = [member_token, *room["tokens"].values()]
    print(f"\nserver log: {len(text.splitlines())} lines, {sum(t in text for t in secrets)} holding a token")
    assert "token=REDACTED" in text
    assert not any(t in text for t in secrets)
