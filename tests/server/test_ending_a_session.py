"""Ending a session over real sockets: every client gets `SessionEnded` as the last event of the
session, a late snapshot says when it ended, and the facilitators' record marks the end."""

from __future__ import annotations

from typing import Any

import aiohttp

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer

AGENDA = """
[[phases]]
id = "check-in"
title = "Check-in"
seconds = 300

[[phases]]
id = "review"
title = "Review"
seconds = 600
"""


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


async def test_a_facilitator_ends_the_session_and_every_client_is_told(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="AAR")
    fac = await server.member(room, "facilitator", "Fay")
    pat = await server.member(room, "participant", "Pat")
    obs = await server.member(room, "observer", "Olga")
    assert (await fac.call("load_template", {"toml": AGENDA}))["ok"]
    assert (await fac.call("start_agenda"))["ok"]
    assert (await fac.call("give_floor", {"target": pat.me["id"]}))["ok"]
    clock.advance(40)

    assert (await pat.call("end_session"))["error"]["code"] == "forbidden"
    ack = await fac.call("end_session")
    assert ack["ok"], ack
    for c in (fac, pat, obs):
        await c.wait_seq(ack["seq"])
        assert c.events[-1]["type"] == "SessionEnded"
        assert c.events[-1]["data"]["session"] == 1 and c.events[-1]["data"]["by"] == fac.me["id"]
        assert "TurnEnded" in c.types() and of_type(c, "PhaseEnded")[-1]["reason"] == "session_ended"

    refused = await fac.call("start_agenda")
    assert refused["ok"] is False and refused["error"]["code"] == "wrong_state"
    late = await server.member(room, "participant", "Lee")
    assert late.snapshot is not None
    state = late.snapshot["state"]
    assert state["ended_at"] == ack["now"]
    assert state["agenda"]["status"] == "finished" and state["agenda"]["index"] == 0

    url = f"{server.url}/api/rooms/{room['room_id']}/record?format=md"
    auth = {"Authorization": f"Bearer {fac.me['token']}"}
    async with aiohttp.ClientSession() as s, s.get(url, headers=auth) as r:
        assert r.status == 200
        md = await r.text()
    assert ", ended " in md and "ended early" in md
