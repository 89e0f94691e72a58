"""What an operator can see on /metrics: every series the runbook names, with values that move."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp

from tests.conftest import InProcessServer, ServerProcess, create_room

SERIES = [
    "peergroup_command_latency_seconds_bucket",
    "peergroup_log_append_seconds_bucket",
    "peergroup_log_append_failures_total",
    "peergroup_outbox_overflows_total",
    "peergroup_relays_shed_total",
    "peergroup_gaps_repaired_total",
    "peergroup_store_available",
    "peergroup_rooms_owned",
    "peergroup_rooms_followed",
    "peergroup_members_connected",
    "peergroup_http_refusals_total",
    "peergroup_frames_refused_total",
    "peergroup_presence_reannounced_total",
    "peergroup_command_paths_total",
]


async def scrape(url: str) -> dict[str, float]:
    async with aiohttp.ClientSession() as s, s.get(f"{url}/metrics") as r:
        text = await r.text()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


def total(metrics: dict[str, float], pattern: str) -> float:
    return sum(v for k, v in metrics.items() if re.fullmatch(pattern, k))


async def test_metrics_show_commands_by_name_the_log_members_and_refusals(server: InProcessServer) -> None:
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")
    await server.member(room, "participant", "Pat")
    assert (await fay.call("rename", {"name": "Fay R"}))["ok"]
    assert (await fay.call("no_such_event"))["error"]["code"] == "unknown_event"
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{server.url}/api/rooms/{room['room_id']}/record", headers={"Authorization": "Bearer x"}):
            pass
    m = await scrape(server.url)
    missing = [name for name in SERIES if not any(k.split("{")[0] == name for k in m)]
    assert not missing, missing
    assert total(m, r'peergroup_command_latency_seconds_count\{command="rename"\}') == 1
    assert total(m, r"peergroup_log_append_seconds_count") >= 4
    assert m["peergroup_members_connected"] == 2 and m["peergroup_rooms_owned"] == 1
    assert m["peergroup_store_available"] == 1
    assert total(m, r'peergroup_http_refusals_total\{code="401"\}') == 1


async def test_a_served_node_freezes_its_start_up_and_shows_every_garbage_collection_pause(tmp_path: Path) -> None:
    """`peergroup serve` tunes the collector (server/cli.py tune_gc): its pauses are on /metrics."""
    node = ServerProcess(tmp_path / "data")
    node.start()
    try:
        await node.ready()
        room = await create_room(node.url, title="GC")
        async with aiohttp.ClientSession() as s:
            for _ in range(20):  # enough allocation for young collections
                async with s.get(f"{node.url}/api/rooms/{room['room_id']}") as r:
                    await r.read()
        metrics = await scrape(node.url)
        assert total(metrics, r'peergroup_gc_pause_seconds_count\{generation="0"\}') > 0
        assert 'peergroup_gc_pause_seconds_bucket{generation="0",le="0.005"}' in metrics
    finally:
        node.kill()
