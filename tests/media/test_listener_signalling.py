"""Signals to the room's listener are addressed to "listener", from any space: a participant in a
breakout group still reaches it (while signals to members of other groups stay refused)."""

from __future__ import annotations

from server.clock import FakeClock
from tests.conftest import InProcessServer


async def test_a_participant_in_a_breakout_group_still_reaches_the_listener(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(template="1-2-4-all")
    fac = await server.member(room, "facilitator", "Fay")
    people = [await server.member(room, "participant", f"P{i}") for i in range(4)]
    assert (await fac.call("start_agenda"))["ok"]
    clock.advance(61)  # the pairs phase: two groups of two
    await people[0].wait_for(lambda c: "SpacesOpened" in c.types(), timeout=10)
    offer = {"to": "listener", "kind": "offer", "session": "p1", "payload": {"type": "offer", "sdp": "v=0\r\n"}}
    assert (await people[0].call("signal", offer))["ok"]
    # Signals between members still stay within a group: someone in the other pair is refused.
    refused = [(await p.call("signal", {**offer, "to": people[0].me["id"]}))["ok"] is not True for p in people[1:]]
    assert refused.count(True) == 2
