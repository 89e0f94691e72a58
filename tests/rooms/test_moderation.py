"""Moderation core: facilitators take down cards and drawings that break the code of conduct,
without ever revealing an anonymous author, refunding dots, and beyond anyone's undo."""

from __future__ import annotations

from rooms import Role, RoomState, views
from rooms.board import commands as b
from rooms.board.state import Element, ElementKind
from rooms.errors import Code
from rooms.moderation import commands as mod
from rooms.moderation import events as me
from rooms.reflections import commands as r
from server.record.build import build_record
from server.record.render import to_markdown
from tests.rooms import harness
from tests.rooms.shared_room import T0, refused, room_with, run, wire

P = Role.PARTICIPANT


def group_room() -> RoomState:
    return room_with(fac=Role.FACILITATOR, cole=Role.CO_FACILITATOR, ana=P, ben=P, obs=Role.OBSERVER)


def seen_by(state: RoomState, ev: object, member: str) -> dict:  # type: ignore[type-arg]
    return wire(views.view_event(ev, views.Viewer(member, state.members[member].role)))  # type: ignore[arg-type,no-any-return]


def snapshot_of(state: RoomState, member: str) -> dict:  # type: ignore[type-arg]
    return wire(views.view_state(state, views.Viewer(member, state.members[member].role)))  # type: ignore[no-any-return]


def anonymous_card(state: RoomState, author: str = "ana", text: str = "Ben is useless") -> str:
    run(state, r.SetAnonymous(actor="fac", anonymous=True))
    [ev] = run(state, r.WriteCard(actor=author, prompt="", text=text))
    return ev.card.id  # type: ignore[attr-defined, no-any-return]


def test_a_facilitator_can_remove_anyones_card_with_a_reason() -> None:
    s = group_room()
    card = anonymous_card(s)
    [ev] = run(s, mod.RemoveCard(actor="fac", card_id=card, reason="Attacks a member"))
    assert isinstance(ev, me.CardRemoved)
    assert card not in s.reflections.cards
    assert seen_by(s, ev, "ben")["reason"] == "Attacks a member"
    assert all(c["id"] != card for c in snapshot_of(s, "ben")["reflections"]["cards"])


def test_a_co_facilitator_can_remove_a_card_too() -> None:
    s = group_room()
    card = anonymous_card(s)
    run(s, mod.RemoveCard(actor="cole", card_id=card))
    assert card not in s.reflections.cards


def test_removing_an_anonymous_card_names_its_author_to_nobody() -> None:
    s = group_room()
    card = anonymous_card(s)
    [ev] = run(s, mod.RemoveCard(actor="fac", card_id=card, reason="Off limits"))
    for member in ("fac", "cole", "ben", "obs"):
        seen = seen_by(s, ev, member)
        assert "ana" not in str(seen)
        assert seen["mine"] is False and "author" not in seen


def test_the_author_of_a_removed_card_is_told_it_was_theirs() -> None:
    s = group_room()
    card = anonymous_card(s)
    [ev] = run(s, mod.RemoveCard(actor="fac", card_id=card))
    assert seen_by(s, ev, "ana") == {
        "at": ev.at,
        "card_id": card,
        "by": "fac",
        "reason": "",
        "mine": True,
        "dots_back": 0,
    }


def test_a_named_cards_removal_does_not_name_its_author_either() -> None:
    s = group_room()
    [written] = run(s, r.WriteCard(actor="ana", prompt="", text="rude words"))
    [ev] = run(s, mod.RemoveCard(actor="fac", card_id=written.card.id))  # type: ignore[attr-defined]
    assert "ana" not in str(seen_by(s, ev, "ben"))


def test_dots_on_a_removed_card_go_back_to_their_voters() -> None:
    s = group_room()
    card = anonymous_card(s)
    [other] = run(s, r.WriteCard(actor="ben", prompt="", text="We kept the deadline"))
    run(s, r.OpenVoting(actor="fac", budget=3, per_card=2))
    run(s, r.CastVote(actor="ben", card_id=card))
    run(s, r.CastVote(actor="ben", card_id=card))
    run(s, r.CastVote(actor="ana", card_id=card))
    run(s, r.CastVote(actor="ana", card_id=other.card.id))  # type: ignore[attr-defined]
    [ev] = run(s, mod.RemoveCard(actor="fac", card_id=card))
    assert seen_by(s, ev, "ben")["dots_back"] == 2
    assert seen_by(s, ev, "ana")["dots_back"] == 1
    assert seen_by(s, ev, "fac")["dots_back"] == 0
    assert snapshot_of(s, "ben")["reflections"]["voting"]["my_dots_left"] == 3
    assert snapshot_of(s, "ana")["reflections"]["voting"]["my_dots_left"] == 2
    assert s.reflections.totals() == {other.card.id: 1}  # type: ignore[attr-defined]
    # the refunded dots can be spent again
    run(s, r.CastVote(actor="ben", card_id=other.card.id))  # type: ignore[attr-defined]
    run(s, r.CastVote(actor="ben", card_id=other.card.id))  # type: ignore[attr-defined]


def test_a_hidden_card_can_be_removed_before_it_is_revealed() -> None:
    s = group_room()
    run(s, r.SetCardsHidden(actor="fac", hidden=True))
    [written] = run(s, r.WriteCard(actor="ana", prompt="", text="not nice"))
    run(s, mod.RemoveCard(actor="fac", card_id=written.card.id))  # type: ignore[attr-defined]
    assert run(s, r.RevealCards(actor="fac")) == []


def test_participants_and_observers_may_not_remove_others_cards() -> None:
    s = group_room()
    card = anonymous_card(s)
    assert refused(s, mod.RemoveCard(actor="ben", card_id=card)) == Code.FORBIDDEN
    assert refused(s, mod.RemoveCard(actor="obs", card_id=card)) == Code.FORBIDDEN


def test_removing_a_card_that_is_gone_is_refused() -> None:
    s = group_room()
    assert refused(s, mod.RemoveCard(actor="fac", card_id="c99")) == Code.NOT_FOUND


def test_an_over_long_reason_is_refused() -> None:
    s = group_room()
    card = anonymous_card(s)
    assert refused(s, mod.RemoveCard(actor="fac", card_id=card, reason="x" * 201)) == Code.TOO_LONG


def sticky(element_id: str = "s1", text: str = "rude") -> Element:
    return Element(id=element_id, kind=ElementKind.STICKY, w=100, h=100, text=text)


def test_a_facilitator_can_remove_anyones_board_element_with_a_reason() -> None:
    s = group_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    [ev] = run(s, mod.RemoveElement(actor="cole", id="s1", reason="Offensive"))
    assert isinstance(ev, me.ElementRemoved) and ev.reason == "Offensive"
    assert "s1" not in s.board.elements
    assert snapshot_of(s, "ben")["board"]["elements"] == []


def test_nobody_can_undo_a_removed_element_back_onto_the_board() -> None:
    s = group_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.UpdateElement(actor="ben", id="s1", base_version=1, patch=b.ElementPatch(text="ruder")))
    run(s, mod.RemoveElement(actor="fac", id="s1"))
    for member in ("ana", "ben", "fac"):
        assert refused(s, b.UndoBoard(actor=member)) == Code.WRONG_STATE
    assert refused(s, b.AddElement(actor="ana", element=sticky())) == Code.CONFLICT


def test_participants_may_not_use_the_moderators_removal() -> None:
    s = group_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    assert refused(s, mod.RemoveElement(actor="ben", id="s1")) == Code.FORBIDDEN


def test_a_replay_of_the_log_rebuilds_the_state_after_removals() -> None:
    room = harness.room_with(("fac", Role.FACILITATOR), ("ana", P), ("ben", P))
    room.do(r.SetAnonymous(actor="fac", anonymous=True))
    room.do(r.WriteCard(actor="ana", prompt="", text="Ben is useless"))
    room.do(r.OpenVoting(actor="fac"))
    room.do(r.CastVote(actor="ben", card_id="c1"))
    room.do(b.AddElement(actor="ana", element=sticky()))
    room.do(mod.RemoveCard(actor="fac", card_id="c1", reason="Attacks a member"))
    room.do(mod.RemoveElement(actor="fac", id="s1"))
    assert room.replayed() == room.state
    assert room.state.reflections.votes == {"ben": {}}


def test_the_record_counts_removed_cards_but_never_shows_them() -> None:
    s = group_room()
    card = anonymous_card(s)
    run(s, r.WriteCard(actor="ben", prompt="", text="We kept the deadline"))
    run(s, mod.RemoveCard(actor="fac", card_id=card, reason="Attacks a member"))
    record = build_record(s, T0)
    assert record["reflections"]["removed_cards"] == 1
    assert [c["text"] for c in record["reflections"]["cards"]] == ["We kept the deadline"]
    markdown = to_markdown(record)
    assert "1 card was removed under the code of conduct" in markdown and "useless" not in markdown
