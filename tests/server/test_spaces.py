"""Spaces over real sockets: media signals stay in a group, a group's content reaches nobody outside
it, and the harvest comes back to the main room and into every record format.

Time moves only with the fake clock (tests/server/test_facilitation.py's `run_clock`).
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import msgspec

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer
from tests.server.test_facilitation import of_type, run_clock

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}
SECRET = "Zanzibar-7"  # written only inside group 1


async def in_pairs(server: InProcessServer, clock: FakeClock) -> tuple[dict[str, Any], Client, list[Client]]:
    """A 1-2-4-All room with a facilitator and four participants, in its pairs phase (P1+P2, P3+P4)."""
    room = await server.create_room(title="1-2-4-All", template="1-2-4-all")
    fac = await server.member(room, "facilitator", "Fay")
    people = [await server.member(room, "participant", f"P{i + 1}") for i in range(4)]
    assert (await fac.call("start_agenda"))["ok"]
    await run_clock(server, room, clock, 60)
    for c in (fac, *people):
        await c.wait_for(lambda c: bool(of_type(c, "SpacesOpened")))
    return room, fac, people


def relays(c: Client, kind: str) -> list[dict[str, Any]]:
    return [data for name, data in c.received if name == "relay" and data["type"] == kind]


def signal_to(c: Client) -> dict[str, Any]:
    return {"to": c.me["id"], "kind": "offer", "session": "page1", "payload": OFFER}


async def test_a_media_signal_to_a_member_of_another_group_is_refused_and_nothing_is_relayed(
    server: InProcessServer, clock: FakeClock
) -> None:
    _room, fac, (p1, p2, p3, p4) = await in_pairs(server, clock)
    refused = await p1.call("signal", signal_to(p3))
    assert refused["error"]["code"] == "forbidden"
    assert (await p1.call("signal", signal_to(p2)))["ok"]
    await p2.wait_for(lambda c: bool(relays(c, "signal")))
    # The facilitator in the main room cannot reach a group's call either, until visiting it.
    assert (await fac.call("signal", signal_to(p3)))["error"]["code"] == "forbidden"
    assert (await fac.call("visit_group", {"space_id": "s2"}))["ok"]
    await p3.wait_for(lambda c: bool(of_type(c, "GroupVisited")))
    assert (await fac.call("signal", signal_to(p3)))["ok"]
    await p3.wait_for(lambda c: bool(relays(c, "signal")))
    assert [r["member_id"] for r in relays(p3, "signal")] == [fac.me["id"]]
    assert relays(p4, "signal") == [] and relays(p1, "signal") == []
    # Broadcast media states stay in the sender's group.
    assert (await p1.call("media_state", {"audio": True, "video": False}))["ok"]
    await p2.wait_for(lambda c: bool(relays(c, "media_state")))
    assert (await p3.call("media_state", {"audio": True, "video": True}))["ok"]
    await p4.wait_for(lambda c: bool(relays(c, "media_state")))
    assert [r["member_id"] for r in relays(p4, "media_state")] == [p3.me["id"]]
    assert [r["member_id"] for r in relays(p2, "media_state")] == [p1.me["id"]]


async def test_a_groups_content_is_absent_from_every_message_another_group_receives(
    server: InProcessServer, clock: FakeClock
) -> None:
    room, fac, (p1, p2, p3, p4) = await in_pairs(server, clock)
    sticky = {"id": "n-1", "kind": "sticky", "x": 0, "y": 0, "w": 120, "h": 80, "text": f"board {SECRET}"}
    assert (await p1.call("add_element", {"element": sticky}))["ok"]
    assert (await p1.call("preview_stroke", {"id": SECRET, "points": [[1, 2], [3, 4]]}))["ok"]
    assert (await p1.call("move_cursor", {"x": 10, "y": 20}))["ok"]
    written = await p2.call("write_card", {"prompt": _prompt(p2), "text": f"card {SECRET}"})
    assert written["ok"], written
    assert (await p1.call("write_group_note", {"note": f"note {SECRET}"}))["ok"]
    assert (await p2.call("preview_stroke", {"id": "s-2", "points": [[5, 6]]}))["ok"]
    # Everything the group made reached the group and the facilitator...
    for c in (p2, fac):
        await c.wait_for(lambda c: sum(SECRET in json.dumps(e, default=str) for e in c.events) >= 3)
    await p1.wait_for(lambda c: bool(relays(c, "preview_stroke")))
    # ... and, once a later announcement reached the other pair, nothing of it ever had.
    assert (await fac.call("announce_to_groups", {"text": "One minute"}))["ok"]
    for c in (p3, p4):
        await c.wait_for(lambda c: bool(of_type(c, "GroupsAnnounced")))
        assert SECRET not in json.dumps(c.received, default=str)
        assert relays(c, "move_cursor") == [] and relays(c, "preview_stroke") == []
    # A latecomer joins the smallest group (the first of two pairs): their snapshot has its content.
    p5 = await server.member(room, "participant", "P5")
    spaces = p5.snapshot["state"]["spaces"]  # type: ignore[index]
    assert spaces["mine"] == "s1"
    assert SECRET in json.dumps(p5.snapshot, default=str)


def _prompt(c: Client) -> str:
    phases = c.snapshot["state"]["agenda"]["phases"]  # type: ignore[index]
    two = next(p for p in phases if p["id"] == "two")
    return str(two["prompts"][0] if two["prompts"] else two["prompt"])


async def get(url: str, token: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as s, s.get(url, headers={"Authorization": f"Bearer {token}"}) as r:
        return r.status, await r.text()


async def test_the_harvest_comes_back_to_the_main_room_and_into_every_record_format(
    server: InProcessServer, clock: FakeClock
) -> None:
    room, fac, (p1, p2, p3, p4) = await in_pairs(server, clock)
    assert (await p1.call("write_group_note", {"note": "Pause before fixing"}))["ok"]
    assert (await p3.call("write_group_note", {"note": "Ask one more question"}))["ok"]
    sticky = {"id": "n-3", "kind": "sticky", "x": 0, "y": 0, "w": 120, "h": 80, "text": "Curiosity first"}
    assert (await p3.call("add_element", {"element": sticky}))["ok"]
    assert (await p2.call("write_card", {"prompt": _prompt(p2), "text": "Silence helps"}))["ok"]
    await run_clock(server, room, clock, 120 + 10)
    for c in (fac, p1, p2, p3, p4):
        await c.wait_for(lambda c: bool(of_type(c, "GroupsReturned")))
        [returned] = of_type(c, "GroupsReturned")
        by_label = {h["label"]: h for h in returned["harvests"]}
        assert by_label["Group 1"]["note"] == "Pause before fixing"
        assert [card["text"] for card in by_label["Group 1"]["cards"]] == ["Silence helps"]
        assert [el["text"] for el in by_label["Group 2"]["elements"]] == ["Curiosity first"]
        assert by_label["Group 2"]["note"] == "Ask one more question"
    token = room["tokens"]["facilitator"]
    base = f"{server.url}/api/rooms/{room['room_id']}"
    status, md = await get(f"{base}/record?format=md", token)
    assert status == 200
    assert "## Small group: Group 1" in md and "Pause before fixing" in md and "Silence helps" in md
    assert "## Small group: Group 2" in md and "Ask one more question" in md
    status, body = await get(f"{base}/record?format=json", token)
    groups = msgspec.json.decode(body)["small_groups"]
    assert [(g["label"], g["note"], g["members"]) for g in groups] == [
        ("Group 1", "Pause before fixing", ["P1", "P2"]),
        ("Group 2", "Ask one more question", ["P3", "P4"]),
    ]
    assert groups[1]["board"]["elements"] == 1 and "Curiosity first" in groups[1]["board"]["svg"]
    status, csv_text = await get(f"{base}/record?format=csv", token)
    assert "small_group,,two" not in csv_text  # the phase is shown by title
    assert "small_group_card,c1" in csv_text and "Silence helps" in csv_text and "Pause before fixing" in csv_text
    status, svg = await get(f"{base}/board?format=svg", token)
    assert status == 200 and "Group 2: P3, P4" in svg and "Curiosity first" in svg
