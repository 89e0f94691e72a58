"""Airtime over real sockets: by default only facilitators receive it (snapshot and turn seconds);
a facilitator can show it to everyone mid-session; a room can be created showing it to everyone;
the facilitators' record export keeps it either way."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


async def one_turn(fac: Client, speaker: Client, clock: FakeClock, seconds: float) -> int:
    assert (await fac.call("give_floor", {"target": speaker.me["id"]}))["ok"]
    clock.advance(seconds)
    ack = await fac.call("end_turn")
    assert ack["ok"], ack
    return int(ack["seq"])


async def test_only_facilitators_receive_airtime_by_default(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="T-group")
    fac = await server.member(room, "facilitator", "Fay")
    cof = await server.member(room, "co_facilitator", "Cole")
    pat = await server.member(room, "participant", "Pat")
    obs = await server.member(room, "observer", "Olga")
    seq = await one_turn(fac, pat, clock, 30)
    for c in (fac, cof, pat, obs):
        await c.wait_seq(seq)
    for c in (fac, cof):
        assert of_type(c, "TurnEnded")[0]["seconds"] == 30
    for c in (pat, obs):
        [ended] = of_type(c, "TurnEnded")
        assert "seconds" not in ended and ended["member_id"] == pat.me["id"]

    late = await server.member(room, "participant", "Lee")
    assert late.snapshot is not None
    assert late.snapshot["state"]["floor"]["airtime"] == {}
    assert late.snapshot["state"]["settings"]["airtime_visible_to"] == "facilitators"
    cof_again = await server.client(room["tokens"]["co_facilitator"])
    await cof_again.join("Cole", resume=cof.me["token"])
    assert cof_again.snapshot is not None
    assert cof_again.snapshot["state"]["floor"]["airtime"] == {pat.me["id"]: {"": 30.0}}

    url = f"{server.url}/api/rooms/{room['room_id']}/record?format=json"
    auth = {"Authorization": f"Bearer {fac.me['token']}"}
    async with aiohttp.ClientSession() as s, s.get(url, headers=auth) as r:
        assert r.status == 200
        record = json.loads(await r.text())
    assert record["airtime"][0] == {"name": "Pat", "seconds": 30, "share": 1.0, "equal_share": 0.5}


async def test_a_facilitator_shows_airtime_to_everyone_mid_session(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Self-managing team")
    fac = await server.member(room, "facilitator", "Fay")
    pat = await server.member(room, "participant", "Pat")
    await one_turn(fac, pat, clock, 20)
    refused = await pat.call("set_airtime_visibility", {"visible_to": "everyone"})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    ack = await fac.call("set_airtime_visibility", {"visible_to": "everyone"})
    assert ack["ok"], ack
    await pat.wait_seq(ack["seq"])
    [opened] = of_type(pat, "AirtimeVisibilitySet")
    assert opened["visible_to"] == "everyone" and opened["airtime"] == {pat.me["id"]: {"": 20.0}}
    seq = await one_turn(fac, pat, clock, 5)
    await pat.wait_seq(seq)
    assert of_type(pat, "TurnEnded")[-1]["seconds"] == 5


async def test_a_room_can_be_created_showing_airtime_to_everyone(server: InProcessServer, clock: FakeClock) -> None:
    room = await server.create_room(title="Open numbers", airtime_visible_to="everyone")
    fac = await server.member(room, "facilitator", "Fay")
    pat = await server.member(room, "participant", "Pat")
    seq = await one_turn(fac, pat, clock, 12)
    await pat.wait_seq(seq)
    assert of_type(pat, "TurnEnded")[0]["seconds"] == 12
    late = await server.member(room, "observer", "Olga")
    assert late.snapshot is not None
    assert late.snapshot["state"]["floor"]["airtime"] == {pat.me["id"]: {"": 12.0}}
