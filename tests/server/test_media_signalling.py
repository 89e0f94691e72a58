"""WebRTC signalling over real sockets: offers, answers and candidates reach only the member named."""

from __future__ import annotations

from typing import Any

from tests.conftest import InProcessServer


def relays(c: Any, kind: str) -> list[dict[str, Any]]:
    return [data for name, data in c.received if name == "relay" and data["type"] == kind]


async def test_a_signal_reaches_only_the_member_it_is_for(server: InProcessServer) -> None:
    room = await server.create_room()
    ana = await server.member(room, "facilitator", "Ana")
    bo = await server.member(room, "participant", "Bo")
    cy = await server.member(room, "participant", "Cy")
    offer = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}
    ack = await ana.call("signal", {"to": bo.me["id"], "kind": "offer", "session": "page1", "payload": offer})
    assert ack["ok"] and ack["seq"] is None  # relayed, never logged
    await bo.wait_for(lambda c: bool(relays(c, "signal")))
    [got] = relays(bo, "signal")
    assert got == {
        "type": "signal",
        "member_id": ana.me["id"],
        "data": {"kind": "offer", "session": "page1", "payload": offer},
    }
    assert relays(cy, "signal") == [] and relays(ana, "signal") == []


async def test_a_signal_with_an_unknown_kind_is_refused(server: InProcessServer) -> None:
    room = await server.create_room()
    ana = await server.member(room, "facilitator", "Ana")
    bo = await server.member(room, "participant", "Bo")
    ack = await ana.call("signal", {"to": bo.me["id"], "kind": "hangup", "session": "p", "payload": {}})
    assert ack["error"]["code"] == "bad_payload"


async def test_media_state_goes_to_everyone_else_and_ask_mute_to_one(server: InProcessServer) -> None:
    room = await server.create_room()
    ana = await server.member(room, "facilitator", "Ana")
    bo = await server.member(room, "participant", "Bo")
    cy = await server.member(room, "participant", "Cy")
    assert (await bo.call("media_state", {"audio": False, "video": True}))["ok"]
    for c in (ana, cy):
        await c.wait_for(lambda c: bool(relays(c, "media_state")))
        assert relays(c, "media_state")[0]["data"] == {"audio": False, "video": True}
    assert (await ana.call("ask_mute", {"to": cy.me["id"]}))["ok"]
    await cy.wait_for(lambda c: bool(relays(c, "ask_mute")))
    assert relays(cy, "ask_mute")[0]["member_id"] == ana.me["id"]
    assert relays(bo, "ask_mute") == []


async def test_only_facilitators_may_ask_someone_to_mute(server: InProcessServer) -> None:
    room = await server.create_room()
    await server.member(room, "facilitator", "Ana")
    bo = await server.member(room, "participant", "Bo")
    cy = await server.member(room, "participant", "Cy")
    ack = await bo.call("ask_mute", {"to": cy.me["id"]})
    assert ack["error"]["code"] == "forbidden"
    co = await server.member(room, "co_facilitator", "Co")
    assert (await co.call("ask_mute", {"to": cy.me["id"]}))["ok"]
    await cy.wait_for(lambda c: bool(relays(c, "ask_mute")))
    assert [r["member_id"] for r in relays(cy, "ask_mute")] == [co.me["id"]]
