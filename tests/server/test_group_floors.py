"""Each small group's own hand queue and talking stick over real sockets: a hand raised in a group
queues there, the stick passes within the group on its own timer, other groups never hear of it,
the facilitator sees every group's floor, and the floors end with the return.

Time moves only with the fake clock (tests/server/test_facilitation.py's `run_clock`).
"""

from __future__ import annotations

import json
from typing import Any

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer
from tests.server.test_facilitation import of_type, run_clock

AGENDA = """
[[phases]]
id = "pairs"
title = "In pairs"
mode = "pairs"
group_size = 2
minutes = 4
group_floor = "stick"
turn_seconds = 60
warning_seconds = 10
grace_seconds = 5

[[phases]]
id = "all"
title = "All"
minutes = 5
"""


async def in_pairs(server: InProcessServer, clock: FakeClock) -> tuple[dict[str, Any], Client, list[Client]]:
    """A facilitator and four participants in pairs (P1+P2 in s1, P3+P4 in s2), each pair with its own stick."""
    room = await server.create_room(title="Pairs")
    fac = await server.member(room, "facilitator", "Fay")
    people = [await server.member(room, "participant", f"P{i + 1}") for i in range(4)]
    assert (await fac.call("load_template", {"toml": AGENDA}))["ok"]
    assert (await fac.call("start_agenda"))["ok"]
    for c in (fac, *people):
        await c.wait_for(lambda c: len(of_type(c, "FloorOpened")) >= (2 if c is fac else 1))
    return room, fac, people


def on(c: Client, kind: str, space: str) -> list[dict[str, Any]]:
    return [d for d in of_type(c, kind) if d.get("space") == space]


async def test_each_pair_passes_its_own_stick_and_no_other_pair_hears_of_it(
    server: InProcessServer, clock: FakeClock
) -> None:
    room, fac, (p1, p2, p3, p4) = await in_pairs(server, clock)
    ids = [c.me["id"] for c in (p1, p2, p3, p4)]
    # Each pair's round started with its first member holding the stick.
    assert [d["member_id"] for d in on(p1, "TurnStarted", "s1")] == [ids[0]]
    assert [d["member_id"] for d in on(p3, "TurnStarted", "s2")] == [ids[2]]
    # A hand raised in a pair queues in that pair.
    assert (await p2.call("raise_hand"))["ok"]
    await p1.wait_for(lambda c: bool(on(c, "HandRaised", "s1")))
    await fac.wait_for(lambda c: bool(on(c, "HandRaised", "s1")))
    # The first pair's stick passes on its own timer, the second pair's holder hands it on early.
    assert (await p3.call("finish_turn"))["ok"]
    await run_clock(server, room, clock, 66)
    await p2.wait_for(lambda c: len(on(c, "TurnStarted", "s1")) == 2)
    assert on(p2, "TurnStarted", "s1")[1]["member_id"] == ids[1]
    await p4.wait_for(lambda c: len(on(c, "TurnStarted", "s2")) == 2)
    assert [d["member_id"] for d in on(p4, "TurnStarted", "s2")] == [ids[2], ids[3]]
    # The facilitator's snapshot (the overview) has every pair's floor; a member's only their own.
    late = await server.member(room, "co_facilitator", "Cole")
    floors = late.snapshot["state"]["floor"]["spaces"]  # type: ignore[index]
    assert floors["s1"]["speaker"]["member_id"] == ids[1] and floors["s1"]["stick"]["done"] == [ids[0]]
    assert floors["s2"]["speaker"] is None and floors["s2"]["stick"] is None  # both had their turn
    p5 = await server.member(room, "participant", "P5")  # a latecomer joins the first smallest pair, s1
    mine = p5.snapshot["state"]["floor"]["spaces"]  # type: ignore[index]
    assert set(mine) == {"s1"} and mine["s1"]["stick"]["order"][-1] == p5.me["id"]
    # Nothing of one pair's floor ever reached the other pair.
    for c, other in ((p1, "s2"), (p2, "s2"), (p3, "s1"), (p4, "s1")):
        assert not [e for e in c.events if e["data"] and e["data"].get("space") == other]
    assert not any(e["type"] == "HandRaised" for e in p3.events + p4.events)
    # When the pairs return, their floors end cleanly for everyone, and nothing is left on them.
    assert (await fac.call("call_groups_back"))["ok"]
    await run_clock(server, room, clock, 30)
    for c in (fac, p1, p2, p3, p4):
        await c.wait_for(lambda c: bool(of_type(c, "PhaseStarted")) and len(of_type(c, "PhaseStarted")) == 2)
    assert [d["space"] for d in of_type(fac, "FloorClosed")] == ["s1", "s2"]
    # (After the return a group's content is everyone's, as its harvest: members see every floor close.)
    assert [d["space"] for d in of_type(p1, "FloorClosed")] == ["s1", "s2"]
    newcomer = await server.member(room, "participant", "P6")
    floor = newcomer.snapshot["state"]["floor"]  # type: ignore[index]
    assert floor["spaces"] == {} and floor["speaker"] is None
    assert "s1" not in json.dumps(floor)
