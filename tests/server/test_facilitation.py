"""Facilitation over real sockets: timers reach everyone, one queue order, a self-running AAR,
talking-stick rounds, exact pause/resume, and airtime that matches who held the floor.

Time moves only when the test moves the fake clock, deadline by deadline, the way a wall clock
would reach them; nobody sends a command the scenario does not mention.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from rooms import next_deadline
from rooms.floor import airtime_report
from server.clock import FakeClock
from server.runner import RoomRunner
from tests.client import Client
from tests.conftest import InProcessServer

SHORT_AGENDA = """
[[phases]]
id = "write"
title = "Write"
mode = "silent_writing"
seconds = 300
"""


def runner_of(server: InProcessServer, room: dict[str, Any]) -> RoomRunner:
    runner: RoomRunner = server.node.backend.runners[room["room_id"]]  # type: ignore[attr-defined]
    return runner


async def settle(runner: RoomRunner, clock: FakeClock) -> None:
    """Wait until the room has handled every deadline up to now (its next one is in the future)."""
    for _ in range(1000):
        deadline = next_deadline(runner.state)
        if (deadline is None or deadline > clock.now()) and runner._queue.empty():
            return
        await asyncio.sleep(0.001)
    raise TimeoutError("the room never caught up with the clock")


async def run_clock(server: InProcessServer, room: dict[str, Any], clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass, stopping at each deadline the room sets on the way."""
    runner = runner_of(server, room)
    until = clock.now() + seconds
    await settle(runner, clock)
    while True:
        deadline = next_deadline(runner.state)
        if deadline is None or deadline > until:
            clock.advance(until - clock.now())
            await settle(runner, clock)
            return
        clock.advance(max(0.0, deadline - clock.now()))
        await settle(runner, clock)


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


async def group(server: InProcessServer, room: dict[str, Any], participants: int) -> tuple[Client, list[Client]]:
    fac = await server.member(room, "facilitator", "Fay")
    people = [await server.member(room, "participant", f"P{i + 1}") for i in range(participants)]
    return fac, people


async def test_a_turn_timer_expiry_reaches_every_client_as_an_event(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Timers")
    fac, people = await group(server, room, 2)
    ack = await fac.call("give_floor", {"target": people[0].me["id"], "seconds": 60})
    assert ack["ok"]
    clock.advance(45)
    for c in (fac, *people):
        await c.wait_for(lambda c: bool(of_type(c, "TurnWarned")))
    clock.advance(15)
    for c in (fac, *people):
        await c.wait_for(lambda c: bool(of_type(c, "TurnTimeUp")))
        assert of_type(c, "TurnTimeUp")[0]["handover_at"] == clock.now() + 5
    clock.advance(5)
    for c in (fac, *people):
        await c.wait_for(lambda c: bool(of_type(c, "TurnEnded")))
        assert of_type(c, "TurnEnded")[0]["reason"] == "timeout"


async def test_all_clients_see_the_same_queue_order_after_concurrent_raises(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="Hands")
    fac, people = await group(server, room, 5)
    # With the progressive stack on and one person who has spoken, hands do not simply append.
    assert (await fac.call("set_progressive_stack", {"on": True}))["ok"]
    assert (await fac.call("give_floor", {"target": people[0].me["id"]}))["ok"]
    clock.advance(60)
    assert (await fac.call("end_turn"))["ok"]
    acks = await asyncio.gather(*(p.call("raise_hand") for p in people))
    assert all(a["ok"] for a in acks)
    seq = max(a["seq"] for a in acks)

    def queue(c: Client) -> list[str]:
        order: list[str] = []
        for data in of_type(c, "HandRaised"):
            order.insert(data["position"], data["member_id"])
        return order

    for c in (fac, *people):
        await c.wait_seq(seq)
    orders = {tuple(queue(c)) for c in (fac, *people)}
    assert len(orders) == 1
    (order,) = orders
    assert sorted(order) == sorted(p.me["id"] for p in people)
    assert order[-1] == people[0].me["id"]  # the one who spoke goes behind those who have not
    late = await server.member(room, "observer", "Late")
    assert [h["member_id"] for h in late.snapshot["state"]["floor"]["hands"]] == list(order)  # type: ignore[index]


async def test_a_room_is_created_with_its_protocol_or_refused_for_an_unknown_one(server: InProcessServer) -> None:
    room = await server.create_room(title="Check-in", template="check-in")
    fac = await server.member(room, "facilitator", "Fay")
    agenda = fac.snapshot["state"]["agenda"]  # type: ignore[index]
    assert agenda["template"] == "check-in" and agenda["phases"][0]["mode"] == "talking_stick"
    async with aiohttp.ClientSession() as s, s.post(f"{server.url}/api/rooms", json={"template": "nope"}) as r:
        body = await r.json()
    assert r.status == 400 and body["error"]["code"] == "bad_value" and "aar" in body["error"]["message"]


async def test_a_participant_may_not_call_the_next_speaker(server: InProcessServer) -> None:
    room = await server.create_room()
    _, people = await group(server, room, 1)
    ack = await people[0].call("call_next")
    assert ack["error"]["code"] == "forbidden"


async def test_a_scripted_after_action_review_runs_all_four_phases_by_itself(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="AAR", template="aar")
    fac, people = await group(server, room, 5)
    ids = [p.me["id"] for p in people]
    started = clock.now()
    assert (await fac.call("start_agenda"))["ok"]  # the facilitator's only command
    await run_clock(server, room, clock, 4 * 5 * 65)
    for c in (fac, *people):
        await c.wait_for(lambda c: bool(of_type(c, "AgendaFinished")))
        phases = of_type(c, "PhaseStarted")
        assert [p["phase_id"] for p in phases] == ["intended", "actual", "difference", "lessons"]
        turns = of_type(c, "TurnStarted")
        assert [t["member_id"] for t in turns] == ids * 4  # every participant, in order, every phase
        # Each turn: 60 s, then a 5 s grace, then the stick moves on; the next phase starts at once.
        assert [t["at"] - started for t in turns] == [65.0 * i for i in range(20)]
        ended = of_type(c, "TurnEnded")
        assert {e["reason"] for e in ended} == {"timeout"}
        assert len(of_type(c, "TurnWarned")) == 20
    assert fac.events[-1]["type"] == "AgendaFinished"


async def test_a_talking_stick_round_gives_every_participant_exactly_one_turn(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="Round")
    fac, people = await group(server, room, 5)
    ids = [p.me["id"] for p in people]
    ack = await fac.call("start_stick_round", {"how": "random", "turn_seconds": 30})
    assert ack["ok"]
    await fac.wait_seq(ack["seq"])
    order = of_type(fac, "StickRoundStarted")[0]["order"]
    assert sorted(order) == sorted(ids)
    by_id = {p.me["id"]: p for p in people}
    assert (await by_id[order[3]].call("pass"))["ok"]  # passes ahead of their turn
    assert (await by_id[order[0]].call("finish_turn"))["ok"]
    assert (await by_id[order[1]].call("pass"))["ok"]  # passes on their turn
    await run_clock(server, room, clock, 35)  # order[2] runs out of time
    await run_clock(server, room, clock, 35)  # so does order[4]
    await fac.wait_for(lambda c: bool(of_type(c, "StickRoundEnded")))
    ended = of_type(fac, "StickRoundEnded")[0]
    assert ended["reason"] == "completed"
    assert sorted(ended["done"]) == sorted(ids) and len(ended["done"]) == 5
    assert sorted(ended["passed"]) == sorted([order[1], order[3]])
    assert [t["member_id"] for t in of_type(fac, "TurnStarted")] == [order[0], order[1], order[2], order[4]]


async def test_pausing_and_resuming_keeps_the_remaining_time_exact(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Pause")
    fac, people = await group(server, room, 2)
    assert (await fac.call("load_template", {"toml": SHORT_AGENDA}))["ok"]
    start = await fac.call("start_agenda")
    await run_clock(server, room, clock, 100.25)
    paused = await fac.call("pause_agenda")
    await people[0].wait_seq(paused["seq"])
    assert of_type(people[0], "AgendaPaused")[0]["remaining"] == 199.75
    await run_clock(server, room, clock, 3600)
    resumed = await fac.call("resume_agenda")
    await people[0].wait_seq(resumed["seq"])
    assert of_type(people[0], "AgendaResumed")[0]["ends_at"] == resumed["now"] + 199.75
    await run_clock(server, room, clock, 199.75)
    await people[0].wait_for(lambda c: bool(of_type(c, "AgendaFinished")))
    # 300 s of phase plus the hour of pause, to the hundredth of a second; the warning too.
    assert of_type(people[0], "PhaseTimeUp")[0]["at"] == start["now"] + 300 + 3600
    assert of_type(people[0], "PhaseWarned")[0]["at"] == start["now"] + 240 + 3600


async def test_a_phase_change_waits_for_a_participant_still_typing(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Typing")
    fac, people = await group(server, room, 2)
    assert (await fac.call("load_template", {"toml": SHORT_AGENDA}))["ok"]
    start = await fac.call("start_agenda")
    await run_clock(server, room, clock, 298)
    assert (await people[0].call("mark_typing"))["ok"]
    await run_clock(server, room, clock, 4)
    assert runner_of(server, room).state.agenda.status.value == "overtime"  # time is up, but p1 types
    await run_clock(server, room, clock, 1)
    await fac.wait_for(lambda c: bool(of_type(c, "AgendaFinished")))
    assert of_type(fac, "AgendaFinished")[0]["at"] == start["now"] + 303  # the typing mark's 5 s


async def test_the_airtime_report_matches_who_held_the_floor(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Airtime")
    fac, people = await group(server, room, 3)
    a, b, silent = (p.me["id"] for p in people)
    await fac.call("give_floor", {"target": a})
    await run_clock(server, room, clock, 90)
    await fac.call("give_floor", {"target": b})
    await run_clock(server, room, clock, 30)
    await fac.call("give_floor", {"target": a})
    await run_clock(server, room, clock, 15)
    last = await fac.call("end_turn")
    await fac.wait_seq(last["seq"])
    held: dict[str, float] = {}
    for e in of_type(fac, "TurnEnded"):
        held[e["member_id"]] = held.get(e["member_id"], 0.0) + e["seconds"]
    assert held == {a: 105.0, b: 30.0}
    report = airtime_report(runner_of(server, room).state, clock.now())
    assert {m.member_id: m.total_seconds for m in report.members} == {a: 105.0, b: 30.0, silent: 0.0}
    assert report.not_yet_spoken == [silent]
    assert report.members[0].share == pytest.approx(105 / 135)
    # Airtime is the facilitators' (rooms/floor/visibility.py): a co-facilitator joining late gets it.
    late = await server.member(room, "co_facilitator", "Late")
    airtime = late.snapshot["state"]["floor"]["airtime"]  # type: ignore[index]
    assert {m: sum(p.values()) for m, p in airtime.items()} == {a: 105.0, b: 30.0}


async def test_with_no_grace_the_stick_moves_on_the_moment_time_is_up(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="No grace")
    fac, people = await group(server, room, 2)
    ack = await fac.call("start_stick_round", {"turn_seconds": 30, "warning_seconds": 0, "grace_seconds": 0})
    assert ack["ok"]
    clock.advance(30)  # one deadline: time up and handover fall together
    await fac.wait_for(lambda c: len(of_type(c, "TurnStarted")) == 2)
    first_end = of_type(fac, "TurnEnded")[0]
    assert first_end["at"] == ack["now"] + 30 and first_end["reason"] == "timeout"
    assert of_type(fac, "TurnStarted")[1]["member_id"] == people[1].me["id"]
