"""No viewer's stream has a gap: an event not for a viewer arrives as `Redacted` at its seq."""

from __future__ import annotations

from typing import Any

from rooms import CORE
from rooms.speech.commands import MeasureSpeech, Segment
from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer
from tests.server.test_facilitation import of_type, run_clock

#: per-viewer events of small groups, exercised by the second test
GROUP_EVENTS = {"GroupsArranged", "GroupsReturned"}


async def ok(c: Client, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    ack = await c.call(event, payload or {})
    assert ack["ok"], (event, ack)
    return ack  # type: ignore[no-any-return]


def seqs(c: Client) -> list[int]:
    return [e["seq"] for e in c.events]


def assert_gap_free(viewers: tuple[Client, ...]) -> None:
    for c in viewers:
        got = seqs(c)
        assert c.snapshot is not None
        assert got == list(range(c.snapshot["seq"] + 1, got[-1] + 1)), (c.me["role"], got)


async def test_every_viewer_gets_every_seq_through_each_per_viewer_event(server: InProcessServer) -> None:
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")
    ana = await server.member(room, "participant", "Ana")
    ben = await server.member(room, "participant", "Ben")
    obi = await server.member(room, "observer", "Obi")
    viewers = (fay, ana, ben, obi)

    await ok(fay, "set_cards_hidden", {"hidden": True})
    card = await ok(ana, "write_card", {"prompt": "", "text": "secret until reveal"})  # CardWritten
    await ok(ana, "edit_card", {"card_id": "c1", "text": "still secret"})  # CardEdited: Ana's alone
    await ok(ana, "write_card", {"prompt": "", "text": "second thoughts"})
    await ok(ana, "delete_card", {"card_id": "c2"})  # CardDeleted
    await ok(fay, "reveal_cards")  # CardsRevealed
    await ok(fay, "open_voting", {"budget": 3, "per_card": 2})
    await ok(ben, "cast_vote", {"card_id": "c1"})  # VoteChanged
    await ok(ana, "write_card", {"prompt": "", "text": "names a colleague"})
    await ok(fay, "remove_card", {"card_id": "c3", "reason": "names someone outside"})  # CardRemoved
    await ok(fay, "give_floor", {"target": ben.me["id"], "seconds": 0})
    await ok(fay, "end_turn")  # TurnEnded
    await ok(fay, "add_phase", {"title": "Talk", "mode": "open", "seconds": 600})
    await ok(fay, "start_agenda")
    await ok(ana, "mark_typing")  # TypingMarked: others are told someone types, not who
    await ok(ana, "send_chat_message", {"text": "hello all"})  # ChatMessageSent: Ana sees it as hers
    await ok(ana, "send_chat_message", {"text": "a quiet word", "to": "facilitators"})  # leads and Ana alone
    sent = [e for e in fay.events if e["type"] == "ChatMessageSent"]
    await ok(fay, "remove_chat_message", {"message_id": sent[0]["data"]["message"]["id"]})  # ChatMessageRemoved
    # SpeechMeasured comes from the room's listener (a system command), shown as the airtime setting says
    now = server.node.clock.now()
    measured = MeasureSpeech(
        actor="", listener="l-test", start=now - 2, end=now, segments=[Segment(ana.me["id"], now - 2, now - 1)]
    )
    await server.node.hub.submit(room["room_id"], measured)
    last = await ok(fay, "lock_room")
    knocker = await server.client(room["tokens"]["participant"])
    knocked = await knocker.call("join", {"name": "Kim"})  # MemberKnocked
    assert knocked["ok"] and knocked["status"] == "waiting", knocked
    final = max(last["seq"], card["seq"]) + 1
    for c in viewers:
        await c.wait_seq(final)

    kinds = {e["type"] for c in viewers for e in c.events}
    wanted = {cls.__name__ for cls in CORE.event_views} - GROUP_EVENTS
    print(f"\nper-viewer events exercised: {sorted(wanted & kinds)}")
    assert wanted <= kinds, wanted - kinds
    assert_gap_free(viewers)
    redacted = {c.me["role"]: [e["seq"] for e in c.events if e["type"] == "Redacted"] for c in viewers}
    print(f"redacted placeholders by viewer: {redacted}")
    assert redacted["participant"] and not [e for e in ana.events if e["type"] == "Redacted"]
    assert all(e["data"] == {} for c in viewers for e in c.events if e["type"] == "Redacted")


async def test_a_small_groups_content_is_a_placeholder_for_everyone_outside_it(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room(title="1-2-4-All", template="1-2-4-all")
    fac = await server.member(room, "facilitator", "Fay")
    p1, p2, p3, p4 = [await server.member(room, "participant", f"P{i + 1}") for i in range(4)]
    ids = [c.me["id"] for c in (p1, p2, p3, p4)]
    await ok(fac, "arrange_groups", {"groups": [ids[:2], ids[2:]]})  # GroupsArranged
    await ok(fac, "start_agenda")
    await run_clock(server, room, clock, 60)
    viewers = (fac, p1, p2, p3, p4)
    for c in viewers:
        await c.wait_for(lambda c: bool(of_type(c, "SpacesOpened")))
    note = await ok(p1, "write_group_note", {"note": "only for group 1"})  # group 1's content
    for c in viewers:
        await c.wait_seq(note["seq"])
    await run_clock(server, room, clock, 130)
    for c in viewers:
        await c.wait_for(lambda c: bool(of_type(c, "GroupsReturned")))  # GroupsReturned
    kinds = {e["type"] for c in viewers for e in c.events}
    assert GROUP_EVENTS <= kinds, GROUP_EVENTS - kinds
    assert_gap_free(viewers)
    outside = [e for e in p3.events if e["seq"] == note["seq"]]
    print(f"\ngroup 2 sees group 1's note as: {outside}")
    assert [e["type"] for e in outside] == ["Redacted"] and outside[0]["data"] == {}
