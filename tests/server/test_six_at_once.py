"""Six real clients draw, write named and anonymous cards, group and vote at the same time, and all
end with the same board and the same cards, equal to what a newcomer's snapshot shows."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import aiohttp

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer
from tests.server.room_replica import replica_of

#: people act at most every 0.1 s each (the server allows 20 commands a second per connection)
PACE = 0.1
CLOCK: list[FakeClock] = []


async def call(client: Client, event: str, payload: Any = None) -> dict[str, Any]:
    """Send one command at a human pace: the fake clock moves on, refilling the rate limit."""
    CLOCK[0].advance(PACE / 6)
    ack: dict[str, Any] = await client.call(event, payload)
    return ack


async def ok(client: Client, event: str, payload: Any = None) -> dict[str, Any]:
    ack = await call(client, event, payload)
    assert ack["ok"], (event, payload, ack)
    return ack


async def nudge_shared_note(client: Client, field: str, value: Any) -> int:
    """Edit the shared sticky from this client's current picture; on `conflict`, wait for the change
    that beat it, then re-apply the edit (the documented client rule). Returns the conflicts met."""
    conflicts = 0
    while True:
        version = replica_of(client).elements["shared"]["version"]
        ack = await call(client, "update_element", {"id": "shared", "base_version": version, "patch": {field: value}})
        if ack["ok"]:
            return conflicts
        assert ack["error"]["code"] == "conflict", ack
        conflicts += 1
        await client.wait_for(lambda c, seen=version: replica_of(c).elements["shared"]["version"] > seen)


async def draw_and_write(client: Client, n: int, rng: random.Random, phase: str) -> int:
    conflicts = 0
    for i in range(4):
        points = [[rng.uniform(0, 500), rng.uniform(0, 500)] for _ in range(rng.randint(2, 30))]
        eid = f"{phase}-{n}-{i}"
        await ok(client, "add_element", {"element": {"id": eid, "kind": "stroke", "points": points}})
        await ok(client, "write_card", {"prompt": "", "text": f"{phase} card {i} from client {n}"})
        if i == 1:
            await ok(client, "update_element", {"id": eid, "base_version": 1, "patch": {"stroke": "#e03131"}})
        if i == 2:
            await ok(client, "delete_element", {"id": eid})
            await ok(client, "undo_board")
        if i == 3:
            await ok(client, "move_cursor", {"x": 1.0 * n, "y": 2.0})
            await ok(client, "set_writing", {"writing": True})
        conflicts += await nudge_shared_note(client, "x" if n % 2 else "y", 10.0 * n + i + 1)
    return conflicts


async def test_six_clients_working_at_once_end_with_identical_boards_and_cards(
    server: InProcessServer, clock: FakeClock
) -> None:
    CLOCK[:] = [clock]
    room = await server.create_room(title="Retro")
    fac = await server.member(room, "facilitator", "Fay")
    people = [fac] + [await server.member(room, "participant", f"P{i}") for i in range(1, 6)]
    await ok(fac, "add_element", {"element": {"id": "shared", "kind": "sticky", "w": 100, "h": 80, "text": "Us"}})

    # Named cards, everyone drawing on one shared note at once.
    conflicts = await asyncio.gather(*(draw_and_write(c, n, random.Random(n), "named") for n, c in enumerate(people)))
    # Silent anonymous writing, then the reveal.
    await ok(fac, "set_anonymous", {"anonymous": True})
    await ok(fac, "set_cards_hidden", {"hidden": True})
    conflicts += await asyncio.gather(
        *(draw_and_write(c, n, random.Random(9 + n), "anon") for n, c in enumerate(people))
    )
    await ok(fac, "reveal_cards")

    # Everyone makes a group and moves their share of the cards into it, at once.
    await fac.wait_seq((await ok(fac, "open_voting", {"budget": 3, "per_card": 2}))["seq"])
    card_ids = sorted(replica_of(fac).cards, key=lambda c: int(c[1:]))
    assert len(card_ids) == 48

    async def group_and_vote(n: int, client: Client) -> None:
        gid_seq = (await ok(client, "create_group", {"name": f"Theme {n}"}))["seq"]
        await client.wait_seq(gid_seq)
        gid = next(g for g, v in replica_of(client).groups.items() if v["name"] == f"Theme {n}")
        for cid in card_ids[n::6]:
            await ok(client, "move_card", {"card_id": cid, "group_id": gid})
        await ok(client, "set_group_note", {"group_id": gid, "note": f"notes of {n}"})
        for cid in (card_ids[n], card_ids[n], card_ids[47 - n]):
            await ok(client, "cast_vote", {"card_id": cid})
        refused = await call(client, "cast_vote", {"card_id": card_ids[20]})
        assert refused["error"]["code"] == "limit"
        await ok(client, "add_action_item", {"text": f"Follow up {n}", "owner": f"P{n}"})

    await asyncio.gather(*(group_and_vote(n, c) for n, c in enumerate(people)))
    last = (await ok(fac, "close_voting"))["seq"]
    for c in people:
        await c.wait_seq(last)

    newcomer = await server.member(room, "observer", "Late")
    replicas = [replica_of(c).shared() for c in [*people, newcomer]]
    for other in replicas[1:]:
        assert other == replicas[0]
    shared = replicas[0]
    assert len(shared["elements"]) == 1 + 6 * 8 - 0  # shared note + 4 strokes per phase each
    assert len(shared["cards"]) == 48 and len(shared["groups"]) == 6 and len(shared["items"]) == 6
    assert sum(c["votes"] for c in shared["cards"]) == 18
    anonymous = [c for c in shared["cards"] if c["anonymous"]]
    assert len(anonymous) == 24 and all(c["author"] is None and c["text"] for c in anonymous)
    assert all(c["author"] for c in shared["cards"] if not c["anonymous"])
    assert shared["elements"][0]["id"] == "shared" and shared["elements"][0]["version"] == 1 + 6 * 8
    print(f"conflicts met and re-applied on the shared note: {sum(conflicts)}")

    # The record of that session is complete, and names no anonymous author.
    base = f"{server.url}/api/rooms/{room['room_id']}"
    auth = {"Authorization": f"Bearer {fac.me['token']}"}
    async with aiohttp.ClientSession(headers=auth) as s:
        async with s.get(f"{base}/record?format=json") as r:
            record = await r.json()
        async with s.get(f"{base}/record?format=md") as r:
            markdown = await r.text()
        async with s.get(f"{base}/board?format=svg") as r:
            svg = await r.text()
    cards = record["reflections"]["cards"]
    assert len(cards) == 48 and sum(c["votes"] for c in cards) == 18
    assert {c["text"] for c in cards} == {c["text"] for c in shared["cards"]}
    assert all(c["author"] is None for c in cards if c["anonymous"])
    assert sorted(c["author"] for c in cards if not c["anonymous"]) == sorted(["Fay", "P1", "P2", "P3", "P4", "P5"] * 4)
    groups = record["reflections"]["groups"]
    assert sorted(g["name"] for g in groups) == [f"Theme {n}" for n in range(6)]
    assert sorted(len(g["cards"]) for g in groups) == [8] * 6 and sum(g["votes"] for g in groups) == 18
    assert len(record["action_items"]) == 6 and record["board"]["elements"] == 49
    names = ["Fay", "P1", "P2", "P3", "P4", "P5"]
    anonymous_lines = [line for line in markdown.splitlines() if "*anonymous*" in line]
    assert len(anonymous_lines) >= 24
    assert not any(name in line for line in anonymous_lines for name in names)
    assert all(p.me["id"] not in markdown + json.dumps(record) + svg for p in people)
    assert svg.count("<path ") == 6 * 8 + 1  # every stroke, plus the arrow marker's head
