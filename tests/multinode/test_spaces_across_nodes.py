"""Small groups across nodes: a pair spread over two nodes talks as on one, and the owner dying
mid-breakout loses neither the groups, their timers, nor what they wrote."""

from __future__ import annotations

import json
import signal
from typing import Any

from tests.client import Client
from tests.multinode.conftest import Cluster

PAIRS = {"title": "In pairs", "mode": "pairs", "seconds": 12, "group_size": 2, "prompt": "Share"}
AFTER = {"title": "All", "mode": "open", "seconds": 60}
OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}


def events(c: Client, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in c.events if e["type"] == kind]


def relays(c: Client, kind: str) -> list[dict[str, Any]]:
    return [data for name, data in c.received if name == "relay" and data["type"] == kind]


async def test_a_pair_spread_over_two_nodes_keeps_its_space_through_the_owners_death(cluster: Cluster) -> None:
    n0, n1, n2 = await cluster.start(3)
    room = await cluster.create_room(n0, title="Pairs")
    rid = room["room_id"]
    fac = await cluster.member(n0, room, "facilitator", "Fay")
    # Pairs in join order: (P1 on n1, P2 on n2) and (P3 on n1, P4 on n2).
    p1 = await cluster.member(n1, room, "participant", "P1")
    p2 = await cluster.member(n2, room, "participant", "P2")
    p3 = await cluster.member(n1, room, "participant", "P3")
    p4 = await cluster.member(n2, room, "participant", "P4")
    assert (await cluster.owner(rid)).node == "n0"  # type: ignore[union-attr]
    for payload in (PAIRS, AFTER):
        assert (await fac.call("add_phase", payload))["ok"]
    assert (await fac.call("set_return_timing", {"warnings": [6, 3], "grace": 2}))["ok"]
    assert (await fac.call("start_agenda"))["ok"]
    for c in (p1, p2, p3, p4):
        await c.wait_for(lambda c: bool(events(c, "SpacesOpened")))
    ends_at = events(p1, "PhaseStarted")[0]["ends_at"]

    # Across nodes, the pair hears each other and no one else.
    signal_to = {"kind": "offer", "session": "page", "payload": OFFER}
    assert (await p1.call("signal", {"to": p2.me["id"], **signal_to}))["ok"]
    await p2.wait_for(lambda c: bool(relays(c, "signal")))
    assert (await p1.call("signal", {"to": p4.me["id"], **signal_to}))["error"]["code"] == "forbidden"
    note = await p2.call("write_group_note", {"note": "Listening beats fixing"})
    assert note["ok"], note
    card = await p1.call("write_card", {"prompt": "Share", "text": "We both interrupt"})
    assert card["ok"], card
    await p1.wait_seq(card["seq"])
    await p2.wait_seq(card["seq"])

    # The owner dies mid-breakout; another node takes the room and re-arms the groups' clock.
    n0.kill(signal.SIGKILL)
    owner = await cluster.wait_owner(rid, other_than="n0")
    print(f"\nnew owner {owner.node}")
    for c in (p1, p2, p3, p4):
        await c.wait_for(lambda c: bool(events(c, "GroupsReturned")), timeout=20)
    warned = events(p1, "GroupsWarned")
    assert [round(w["seconds_left"]) for w in warned] == [6, 3]
    [started] = events(p1, "ReturnStarted")
    [returned] = events(p3, "GroupsReturned")
    print(f"returned {1000 * (returned['at'] - (ends_at + 2)):.0f} ms after the planned return")
    assert 0 <= started["at"] - ends_at < 0.5 and 0 <= returned["at"] - (ends_at + 2) < 0.5
    by_label = {h["label"]: h for h in returned["harvests"]}
    assert by_label["Group 1"]["note"] == "Listening beats fixing"
    assert [c["text"] for c in by_label["Group 1"]["cards"]] == ["We both interrupt"]
    assert by_label["Group 1"]["members"] == [p1.me["id"], p2.me["id"]]
    # Until then the other pair had nothing of it.
    before = [m for m in p3.received if not (m[0] == "event" and m[1]["type"] == "GroupsReturned")]
    assert "Listening beats fixing" not in json.dumps(before, default=str)
