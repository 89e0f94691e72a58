"""An anonymous card's author never leaves the server: not in any message any other client receives
(the facilitator's included, live or on reconnect), not in any export."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import aiohttp
import msgspec

from tests.client import Client
from tests.conftest import ROOT, InProcessServer

REFLECTION_EVENTS = {"CardWritten", "CardEdited", "CardDeleted", "CardsRevealed", "VoteChanged", "CardMoved"}
#: the agenda's typing grace hears who types; what others receive of it must not say
TYPING_EVENTS = {"TypingMarked"}


def text_of(value: Any) -> str:
    return json.dumps(msgspec.to_builtins(value), ensure_ascii=False)


def leaks(received: list[tuple[str, Any]], author_id: str, author_name: str) -> list[str]:
    """Messages that tie anything of the reflections to the author."""
    found = []
    for name, data in received:
        if name == "snapshot":
            part = text_of([data["state"]["reflections"], data["state"]["agenda"]["typing"]])
        elif name == "event" and data["type"] in REFLECTION_EVENTS | TYPING_EVENTS:
            part = text_of(data)
        elif name == "relay" and data["type"] == "writing":
            part = text_of(data)
        else:
            continue
        if author_id in part or author_name in part:
            found.append(part)
    return found


async def test_nobody_else_ever_receives_the_author_of_an_anonymous_card(server: InProcessServer) -> None:
    room = await server.create_room(title="T-group")
    fac = await server.member(room, "facilitator", "Fay")
    cof = await server.member(room, "co_facilitator", "Cole")
    ana = await server.member(room, "participant", "Anonyma")
    ben = await server.member(room, "participant", "Ben")
    obs = await server.member(room, "observer", "Olga")
    others = [fac, cof, ben, obs]
    ana_id = ana.me["id"]
    await fac.wait_seq(obs.seq)
    before_anything = fac.seq

    # An After Action Review is under way; its first phase is made anonymous and silent.
    assert (await fac.call("load_template", {"name": "aar"}))["ok"]
    assert (await fac.call("start_agenda"))["ok"]
    assert (await fac.call("set_anonymous", {"anonymous": True}))["ok"]
    assert (await fac.call("set_cards_hidden", {"hidden": True}))["ok"]
    prompt = "What was supposed to happen?"
    assert (await ana.call("set_writing", {"writing": True}))["ok"]
    typing = await ana.call("mark_typing")
    assert typing["ok"] and typing["seq"]
    await ana.call("write_card", {"prompt": prompt, "text": "I felt left out in round two"})
    second = await ana.call("write_card", {"prompt": prompt, "text": "Too fast for me"})
    await ana.wait_seq(second["seq"])
    mine = [c for c in ana.events if c["type"] == "CardWritten"]
    assert [e["data"]["card"]["mine"] for e in mine] == [True, True]
    card_ids = [e["data"]["card"]["id"] for e in mine]
    assert (await ana.call("edit_card", {"card_id": card_ids[1], "text": "A bit too fast"}))["ok"]
    assert (await ben.call("mark_typing"))["ok"]
    assert (await ben.call("write_card", {"prompt": prompt, "text": "another anonymous card"}))["ok"]
    assert (await fac.call("reveal_cards"))["ok"]
    assert (await fac.call("open_voting", {"budget": 3, "per_card": 2}))["ok"]
    assert (await ana.call("cast_vote", {"card_id": card_ids[0]}))["ok"]
    assert (await ana.call("cast_vote", {"card_id": card_ids[0]}))["ok"]
    g = await ben.call("create_group", {"name": "Pace"})
    await ben.wait_seq(g["seq"])
    gid = ben.events[-1]["data"]["group"]["id"]
    assert (await ben.call("move_card", {"card_id": card_ids[1], "group_id": gid}))["ok"]
    assert (await ana.call("delete_card", {"card_id": card_ids[0]}))["ok"]
    last = (await fac.call("close_voting"))["seq"]

    # A facilitator reconnecting from scratch gets a snapshot; one resuming gets the events again.
    late = await server.member(room, "co_facilitator", "Late")
    resumed = await server.client(room["tokens"]["facilitator"])
    await fac.close()
    await resumed.join("Fay", resume=fac.me["token"], last_seq=before_anything)
    for c in [*others, late, resumed]:
        await c.wait_seq(last)

    for c in [*others, late, resumed]:
        assert leaks(c.received, ana_id, "Anonyma") == [], c.me
    for c in [*others, resumed]:
        assert any(n == "event" and d["type"] == "CardsRevealed" for n, d in c.received)
    assert resumed.snapshot is None and late.snapshot is not None  # the replay path and the snapshot path
    typing_seen = [d["data"] for n, d in fac.received if n == "event" and d["type"] == "TypingMarked"]
    assert typing_seen and all(t["member_id"] == "" for t in typing_seen)
    assert any(n == "relay" and d["type"] == "writing" and d["member_id"] == "" for n, d in fac.received)
    # What others saw of ana's votes: the totals, never "mine".
    votes = [d["data"] for n, d in ben.received if n == "event" and d["type"] == "VoteChanged"]
    assert votes and all(v["mine"] is None for v in votes)

    auth = {"Authorization": f"Bearer {late.me['token']}"}
    exports: dict[str, str] = {}
    async with aiohttp.ClientSession() as s:
        for fmt in ("md", "json", "csv"):
            async with s.get(f"{server.url}/api/rooms/{room['room_id']}/record?format={fmt}", headers=auth) as r:
                assert r.status == 200
                exports[fmt] = await r.text()
        for fmt in ("svg", "json"):
            async with s.get(f"{server.url}/api/rooms/{room['room_id']}/board?format={fmt}", headers=auth) as r:
                assert r.status == 200
                exports["board-" + fmt] = await r.text()
    data_dir = server.node.config.data_dir
    for fmt in ("md", "json", "csv", "svg", "board-json"):
        proc = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "server", "export", room["room_id"], "--format", fmt, "--data-dir", str(data_dir)],
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await proc.communicate()
        assert proc.returncode == 0
        exports["cli-" + fmt] = out.decode()
    assert "A bit too fast" in exports["md"] and "A bit too fast" in exports["cli-md"]
    for fmt, text in exports.items():
        assert ana_id not in text and "Anonyma" not in text, fmt
        assert "Ben" not in text, fmt  # ben's card was anonymous too


async def test_the_writing_indicator_counts_writers_and_names_none(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Ana")
    ben = await server.member(room, "participant", "Ben")
    await fac.wait_seq(ben.seq)
    start = fac.seq
    await ana.call("set_writing", {"writing": True})
    await ben.call("set_writing", {"writing": True})

    def counts(c: Client) -> list[Any]:
        return [d for n, d in c.received if n == "relay" and d["type"] == "writing"]

    await fac.wait_for(lambda c: any(d["data"]["count"] == 2 for d in counts(c)))
    await ben.call("set_writing", {"writing": False})
    await fac.wait_for(lambda c: counts(c)[-1]["data"]["count"] == 1)
    assert all(d["member_id"] == "" for d in counts(fac))
    assert fac.seq == start  # never logged: no event, no seq
