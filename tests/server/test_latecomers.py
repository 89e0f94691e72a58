"""Latecomers over real sockets: someone admitted from the lobby while a talking-stick round runs is
put at the end of the order, every client is told, and the stick reaches them."""

from __future__ import annotations

from typing import Any

from tests.client import Client
from tests.conftest import InProcessServer


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


async def test_someone_admitted_during_a_round_gets_the_stick_after_the_others(server: InProcessServer) -> None:
    room = await server.create_room(title="Check-in", lobby=True)
    fac = await server.member(room, "facilitator", "Fay")
    pat = await server.client(room["tokens"]["participant"])
    assert (await pat.join("Pat"))["status"] == "waiting"
    assert (await fac.call("admit", {"target": pat.me["id"]}))["ok"]
    await pat.wait_for(lambda c: c.snapshot is not None)
    started = await fac.call("start_stick_round", {"turn_seconds": 60})
    assert started["ok"], started

    late = await server.client(room["tokens"]["participant"])
    assert (await late.join("Lee"))["status"] == "waiting"
    admitted = await fac.call("admit", {"target": late.me["id"]})
    assert admitted["ok"]
    # The snapshot comes with admission; the round takes them in with the very next event.
    await late.wait_seq(admitted["seq"])
    assert late.snapshot is not None
    assert late.snapshot["state"]["floor"]["stick"]["order"] == [pat.me["id"]]
    for c in (fac, pat, late):
        await c.wait_seq(admitted["seq"])
        assert of_type(c, "StickRoundJoined") == [
            {"at": of_type(c, "StickRoundJoined")[0]["at"], "member_id": late.me["id"], "space": ""}
        ]

    finished = await pat.call("finish_turn")
    assert finished["ok"]
    await late.wait_seq(finished["seq"])
    assert of_type(late, "TurnStarted")[-1]["member_id"] == late.me["id"]
    done = await late.call("finish_turn")
    await fac.wait_seq(done["seq"])
    [ended] = of_type(fac, "StickRoundEnded")
    assert ended["reason"] == "completed" and ended["done"] == [pat.me["id"], late.me["id"]]
