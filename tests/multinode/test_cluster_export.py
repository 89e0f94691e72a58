"""`peergroup export` reads a clustered room from its Redis Stream, as it does a data directory."""

from __future__ import annotations

import asyncio
from pathlib import Path

from server import cli
from tests.multinode.conftest import Cluster


async def test_export_writes_the_record_of_a_clustered_room_from_redis(cluster: Cluster, tmp_path: Path) -> None:
    (n0,) = await cluster.start(1)
    room = await cluster.create_room(n0, title="Triad retro")
    fay = await cluster.member(n0, room, "facilitator", "Fay")
    assert (await fay.call("write_card", {"prompt": "", "text": "We kept the timebox"}))["ok"]
    out = tmp_path / "record.md"
    args = ["export", room["room_id"], "--format", "md", "--redis-url", cluster.redis.url, "-o", str(out)]
    assert await asyncio.to_thread(cli.main, args) == 0
    text = out.read_text(encoding="utf-8")
    assert "Triad retro" in text and "We kept the timebox" in text
    missing = ["export", "nosuchroom00", "--redis-url", cluster.redis.url]
    assert await asyncio.to_thread(cli.main, missing) == 1
