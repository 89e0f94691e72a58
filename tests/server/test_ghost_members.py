"""People passing through a link do not weigh on the room: compaction, join limits, an observer cap."""

from __future__ import annotations

from pathlib import Path

import msgpack
import pytest

from rooms.membership.rules import MAX_OBSERVERS
from tests.client import Client
from tests.conftest import InProcessServer, make_config, serve_in_process

CYCLES = 1000


@pytest.mark.slow
async def test_a_thousand_joins_and_leaves_through_one_link_leave_the_snapshot_small(tmp_path: Path) -> None:
    config = make_config(tmp_path, joins_per_link=0, joins_per_address=0)  # limits off: measure compaction
    async with serve_in_process(config) as server:
        room = await server.create_room()
        ann = await server.member(room, "facilitator", "Ann")
        first = await server.member(room, "participant", "Pat")
        before = len(msgpack.packb(first.snapshot))
        for i in range(CYCLES):
            c = Client(server.url)
            await c.connect(room["tokens"]["observer"])
            assert (await c.join(f"Watcher {i}"))["ok"]
            assert (await c.call("leave"))["ok"]
            await c.close()
        late = await server.member(room, "participant", "Late")
        assert late.snapshot is not None
        after = len(msgpack.packb(late.snapshot))
        listed = len(late.snapshot["state"]["members"])
        print(f"\nsnapshot {before} B before, {after} B after {CYCLES} join/leave cycles; {listed} members listed")
        assert listed == 3  # Ann, Pat, Late
        assert after < before + 1024
        assert ann.sio.connected


async def test_joins_through_one_link_are_rate_limited(tmp_path: Path) -> None:
    async with serve_in_process(make_config(tmp_path, joins_per_link=5)) as server:
        room = await server.create_room()
        codes = []
        for i in range(8):
            c = await server.client(room["tokens"]["observer"])
            ack = await c.join(f"Watcher {i}")
            codes.append("ok" if ack["ok"] else ack["error"]["code"])
            await c.close()
        assert codes[:5] == ["ok"] * 5 and set(codes[5:]) == {"rate_limited"}, codes
        other = await server.member(room, "participant", "Pat")  # another link is not affected
        assert other.snapshot is not None


async def test_joins_from_one_address_are_rate_limited_across_links(tmp_path: Path) -> None:
    async with serve_in_process(make_config(tmp_path, joins_per_address=4)) as server:
        room = await server.create_room()
        codes = []
        for role in ("facilitator", "participant", "observer", "participant", "observer", "participant"):
            c = await server.client(room["tokens"][role])
            ack = await c.join("Someone")
            codes.append("ok" if ack["ok"] else ack["error"]["code"])
        assert codes[:4] == ["ok"] * 4 and set(codes[4:]) == {"rate_limited"}, codes


async def test_observers_beyond_the_cap_are_refused(server: InProcessServer) -> None:
    room = await server.create_room()
    for i in range(MAX_OBSERVERS):
        await server.member(room, "observer", f"Watcher {i}")
    c = await server.client(room["tokens"]["observer"])
    assert (await c.join("One more"))["error"]["code"] == "room_full"
