"""A knock hides the knocker's name from all but facilitators; admission tells everyone who came in."""

from __future__ import annotations

from tests.conftest import InProcessServer


async def test_participants_learn_the_name_of_someone_admitted_from_the_lobby(server: InProcessServer) -> None:
    room = await server.create_room(lobby=True)
    ana = await server.member(room, "facilitator", "Ana")
    bo = await server.member(room, "participant", "Bo")
    assert (await ana.call("admit", {"target": bo.me["id"]}))["ok"]
    await bo.wait_for(lambda c: c.snapshot is not None)
    cy = await server.client(room["tokens"]["participant"])
    ack = await cy.join("Cy")
    assert ack["status"] == "waiting"
    await bo.wait_for(lambda c: "MemberKnocked" in c.types())
    assert next(e for e in bo.events if e["type"] == "MemberKnocked")["data"]["name"] == ""
    assert (await ana.call("admit", {"target": ack["me"]["id"]}))["ok"]
    await bo.wait_for(lambda c: "MemberAdmitted" in c.types())
    admitted = next(e for e in bo.events if e["type"] == "MemberAdmitted")
    assert admitted["data"]["member_id"] == ack["me"]["id"] and admitted["data"]["name"] == "Cy"
