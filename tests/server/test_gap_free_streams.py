"""No viewer's stream has a gap: an event not for a viewer arrives as `Redacted` at its seq."""

from __future__ import annotations

from typing import Any

from rooms.views import EVENT_VIEWS
from tests.client import Client
from tests.conftest import InProcessServer


async def ok(c: Client, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    ack = await c.call(event, payload or {})
    assert ack["ok"], (event, ack)
    return ack  # type: ignore[no-any-return]


def seqs(c: Client) -> list[int]:
    return [e["seq"] for e in c.events]


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
    last = await ok(fay, "lock_room")
    knocker = await server.client(room["tokens"]["participant"])
    knocked = await knocker.call("join", {"name": "Kim"})  # MemberKnocked
    assert knocked["ok"] and knocked["status"] == "waiting", knocked
    final = max(last["seq"], card["seq"]) + 1
    for c in viewers:
        await c.wait_seq(final)

    kinds = {e["type"] for c in viewers for e in c.events}
    covered = {cls.__name__ for cls in EVENT_VIEWS} & kinds
    print(f"\nper-viewer events exercised: {sorted(covered)}")
    assert covered == {cls.__name__ for cls in EVENT_VIEWS}, {cls.__name__ for cls in EVENT_VIEWS} - covered
    for c in viewers:
        got = seqs(c)
        assert c.snapshot is not None
        assert got == list(range(c.snapshot["seq"] + 1, got[-1] + 1)), (c.me["role"], got)
    redacted = {c.me["role"]: [e["seq"] for e in c.events if e["type"] == "Redacted"] for c in viewers}
    print(f"redacted placeholders by viewer: {redacted}")
    assert redacted["participant"] and not [e for e in ana.events if e["type"] == "Redacted"]
    assert all(e["data"] == {} for c in viewers for e in c.events if e["type"] == "Redacted")
