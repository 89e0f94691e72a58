"""Chat and reactions over real sockets: chat through the single writer with a `seq`, a word to the
facilitators reaching only them, an anonymous author never on the wire, removal for everyone, a
late joiner agreeing; reactions relayed to the others, never logged, rate-limited, not for observers."""

from __future__ import annotations

import json
from typing import Any

from tests.client import Client
from tests.conftest import InProcessServer


def of_type(client: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in client.events if e["type"] == kind]


def relays(c: Any, kind: str) -> list[dict[str, Any]]:
    return [data for name, data in c.received if name == "relay" and data["type"] == kind]


async def test_chat_goes_through_the_writer_and_a_word_to_the_facilitators_reaches_only_them(
    server: InProcessServer,
) -> None:
    room = await server.create_room(title="Chat")
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Ana")
    ben = await server.member(room, "participant", "Ben")
    ack = await ana.call("send_chat_message", {"text": "Hello all", "to": "everyone"})
    assert ack["ok"] and isinstance(ack["seq"], int)
    assert (await ben.call("send_chat_message", {"text": "Leaving at three", "to": "facilitators"}))["ok"]
    after = await fac.call("send_chat_message", {"text": "Welcome"})
    for c in (fac, ana, ben):
        await c.wait_seq(after["seq"])
    texts = [m["message"]["text"] for m in of_type(fac, "ChatMessageSent")]
    assert texts == ["Hello all", "Leaving at three", "Welcome"]
    assert [m["message"]["text"] for m in of_type(ana, "ChatMessageSent")] == ["Hello all", "Welcome"]
    assert of_type(ben, "ChatMessageSent")[1]["message"]["mine"] is True
    bad = await ana.call("send_chat_message", {"text": "   "})
    assert bad["ok"] is False and bad["error"]["code"] == "bad_value"
    html = await ana.call("send_chat_message", {"text": "x", "to": "the boss"})
    assert html["ok"] is False and html["error"]["code"] == "bad_payload"
    # A late joiner's snapshot holds the same chat as the live room showed them.
    late = await server.member(room, "participant", "Lee")
    assert late.snapshot is not None
    assert [m["text"] for m in late.snapshot["state"]["chat"]["messages"]] == ["Hello all", "Welcome"]


async def test_an_anonymous_message_and_its_removal_never_name_the_author(server: InProcessServer) -> None:
    room = await server.create_room(title="T-group")
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Anonyma")
    ben = await server.member(room, "participant", "Ben")
    assert (await fac.call("set_anonymous", {"anonymous": True}))["ok"]
    sent = await ana.call("send_chat_message", {"text": "Ben is an idiot"})
    await fac.wait_seq(sent["seq"])
    [seen] = of_type(fac, "ChatMessageSent")
    message_id = seen["message"]["id"]
    assert seen["message"]["author"] is None and seen["message"]["anonymous"] is True
    refused = await ben.call("remove_chat_message", {"message_id": message_id})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    removed = await fac.call("remove_chat_message", {"message_id": message_id, "reason": "Attacks a member"})
    for c in (fac, ana, ben):
        await c.wait_seq(removed["seq"])
    for c in (fac, ben):
        leaked = json.dumps([e for e in c.events if e["type"].startswith("Chat")])
        assert ana.me["id"] not in leaked and "Anonyma" not in leaked
        assert of_type(c, "ChatMessageRemoved")[0]["mine"] is False
    assert of_type(ana, "ChatMessageRemoved")[0]["mine"] is True
    again = await server.client(room["tokens"]["participant"])
    await again.join("Ben", resume=ben.me["token"])
    assert again.snapshot is not None and again.snapshot["state"]["chat"]["messages"] == []


async def test_a_reaction_reaches_the_others_unlogged_and_a_flood_is_refused(server: InProcessServer) -> None:
    room = await server.create_room(title="Reactions")
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Ana")
    obs = await server.member(room, "observer", "Obi")
    ack = await ana.call("react", {"reaction": "clap"})
    assert ack["ok"] and ack["seq"] is None  # relayed, never logged
    for c in (fac, obs):
        await c.wait_for(lambda c: bool(relays(c, "react")))
        assert relays(c, "react")[0] == {"type": "react", "member_id": ana.me["id"], "data": {"reaction": "clap"}}
    assert relays(ana, "react") == []
    assert (await ana.call("react", {"reaction": "confetti"}))["error"]["code"] == "bad_payload"
    assert (await obs.call("react", {"reaction": "heart"}))["error"]["code"] == "forbidden"
    # The fake clock stands still: the burst is spent and the next ones are refused, nothing else.
    codes = [(await ana.call("react", {"reaction": "heart"}))["ok"] for _ in range(6)]
    assert codes.count(True) == 3 and codes[-1] is False
    assert (await ana.call("media_state", {"audio": True, "video": True}))["ok"]  # other relays still pass
