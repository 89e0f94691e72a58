"""Moderation over real sockets: a facilitator takes down an anonymous card and a drawing; nobody
learns who wrote the card, its author is told, dots come back, and a reconnecting client agrees."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from tests.client import Client
from tests.conftest import InProcessServer


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


async def test_removing_an_anonymous_card_reaches_everyone_and_names_only_the_card(server: InProcessServer) -> None:
    room = await server.create_room(title="T-group", code_of_conduct="Speak about behaviour, not people.")
    fac = await server.member(room, "facilitator", "Fay")
    cof = await server.member(room, "co_facilitator", "Cole")
    ana = await server.member(room, "participant", "Anonyma")
    ben = await server.member(room, "participant", "Ben")
    assert (await fac.call("set_anonymous", {"anonymous": True}))["ok"]
    written = await ana.call("write_card", {"prompt": "", "text": "Ben is an idiot"})
    await ana.wait_seq(written["seq"])
    card_id = of_type(ana, "CardWritten")[0]["card"]["id"]
    assert (await fac.call("open_voting", {"budget": 3, "per_card": 2}))["ok"]
    assert (await ben.call("cast_vote", {"card_id": card_id}))["ok"]
    assert (await ben.call("cast_vote", {"card_id": card_id}))["ok"]

    refused = await ben.call("remove_card", {"card_id": card_id})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    ack = await cof.call("remove_card", {"card_id": card_id, "reason": "Attacks a member"})
    assert ack["ok"], ack
    for c in (fac, cof, ana, ben):
        await c.wait_seq(ack["seq"])
    for c in (fac, cof, ben):
        [removed] = of_type(c, "CardRemoved")
        assert removed["card_id"] == card_id and removed["reason"] == "Attacks a member"
        assert removed["mine"] is False
        leaked = json.dumps(msgspec.to_builtins(removed))
        assert ana.me["id"] not in leaked and "Anonyma" not in leaked
    assert of_type(ana, "CardRemoved")[0]["mine"] is True
    assert of_type(ben, "CardRemoved")[0]["dots_back"] == 2

    # A client joining afterwards sees the card gone and Ben's dots back.
    late = await server.member(room, "participant", "Lee")
    assert late.snapshot is not None
    assert late.snapshot["state"]["reflections"]["cards"] == []
    ben_again = await server.client(room["tokens"]["participant"])
    await ben_again.join("Ben", resume=ben.me["token"])
    assert ben_again.snapshot is not None
    assert ben_again.snapshot["state"]["reflections"]["voting"]["my_dots_left"] == 3


async def test_a_removed_drawing_leaves_every_board_and_cannot_be_undone(server: InProcessServer) -> None:
    room = await server.create_room(title="Board")
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Ana")
    sticky = {"id": "s-1", "kind": "sticky", "w": 100, "h": 80, "text": "rude"}
    assert (await ana.call("add_element", {"element": sticky}))["ok"]
    ack = await fac.call("remove_element", {"id": "s-1", "reason": "Offensive"})
    assert ack["ok"], ack
    await ana.wait_seq(ack["seq"])
    assert of_type(ana, "ElementRemoved") == [
        {"at": of_type(ana, "ElementRemoved")[0]["at"], "id": "s-1", "by": fac.me["id"], "reason": "Offensive"}
    ]
    undo = await ana.call("undo_board")
    assert undo["ok"] is False and undo["error"]["code"] == "wrong_state"


async def test_a_facilitator_catching_up_on_a_removal_still_cannot_see_its_author(server: InProcessServer) -> None:
    room = await server.create_room(title="T-group")
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Anonyma")
    assert (await fac.call("set_anonymous", {"anonymous": True}))["ok"]
    written = await ana.call("write_card", {"prompt": "", "text": "Someone here is a fraud"})
    await fac.wait_seq(written["seq"])
    before = fac.seq
    await fac.close()
    cof = await server.member(room, "co_facilitator", "Cole")
    assert cof.snapshot is not None
    [card] = cof.snapshot["state"]["reflections"]["cards"]
    assert card["author"] is None
    card_id = card["id"]
    ack = await cof.call("remove_card", {"card_id": card_id, "reason": "Accuses without a name"})
    assert ack["ok"], ack

    back = await server.client(room["tokens"]["facilitator"])
    await back.join("Fay", resume=fac.me["token"], last_seq=before)
    await back.wait_seq(ack["seq"])
    assert back.snapshot is None  # caught up from the ring, event by event
    [removed] = of_type(back, "CardRemoved")
    assert removed["card_id"] == card_id and removed["mine"] is False
    assert "Anonyma" not in json.dumps(removed) and ana.me["id"] not in json.dumps(removed)
