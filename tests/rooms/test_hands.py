"""The hand queue: one server order, waiting times, facilitator control, the progressive stack."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.floor import commands as f
from rooms.floor.events import HandRaised
from rooms.state import Role
from tests.rooms.room import START, Room


def test_hands_queue_in_the_order_they_were_raised() -> None:
    room = Room(participants=3)
    for who in ("p2", "p3", "p1"):
        room.do(f.RaiseHand(actor=who))
        room.now += 1
    assert room.state.floor.queue() == ["p2", "p3", "p1"]


def test_each_hand_keeps_when_it_was_raised_so_clients_show_the_wait() -> None:
    room = Room(participants=2)
    room.do(f.RaiseHand(actor="p1"))
    room.now += 42
    room.do(f.RaiseHand(actor="p2"))
    assert [h.raised_at for h in room.state.floor.hands] == [START, START + 42]


def test_raising_a_raised_hand_changes_nothing() -> None:
    room = Room(participants=1)
    room.do(f.RaiseHand(actor="p1"))
    assert room.do(f.RaiseHand(actor="p1")) == []
    assert room.state.floor.queue() == ["p1"]


def test_a_participant_lowers_their_own_hand() -> None:
    room = Room(participants=2)
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.RaiseHand(actor="p2"))
    room.do(f.LowerHand(actor="p1"))
    assert room.state.floor.queue() == ["p2"]


def test_a_participant_cannot_lower_someone_elses_hand() -> None:
    room = Room(participants=2)
    room.do(f.RaiseHand(actor="p1"))
    with pytest.raises(Rejected) as exc:
        room.do(f.LowerHandOf(actor="p2", target="p1"))
    assert exc.value.code == "forbidden"


def test_an_observer_cannot_raise_a_hand() -> None:
    room = Room()
    room.join("obs", Role.OBSERVER)
    with pytest.raises(Rejected) as exc:
        room.do(f.RaiseHand(actor="obs"))
    assert exc.value.code == "forbidden"


def test_facilitator_lowers_one_hand_or_all() -> None:
    room = Room(participants=3)
    for who in ("p1", "p2", "p3"):
        room.do(f.RaiseHand(actor=who))
    room.do(f.LowerHandOf(actor="fac", target="p2"))
    assert room.state.floor.queue() == ["p1", "p3"]
    room.do(f.LowerAllHands(actor="fac"))
    assert room.state.floor.queue() == []


def test_co_facilitator_may_reorder_the_queue() -> None:
    room = Room(participants=3)
    room.join("co", Role.FACILITATOR)  # a second facilitator link makes a co-facilitator
    for who in ("p1", "p2", "p3"):
        room.do(f.RaiseHand(actor=who))
    room.do(f.ReorderHands(actor="co", order=["p3", "p1", "p2"]))
    assert room.state.floor.queue() == ["p3", "p1", "p2"]


def test_reordering_a_queue_that_changed_meanwhile_is_refused() -> None:
    room = Room(participants=3)
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.RaiseHand(actor="p2"))
    room.do(f.RaiseHand(actor="p3"))
    with pytest.raises(Rejected) as exc:
        room.do(f.ReorderHands(actor="fac", order=["p2", "p1"]))
    assert exc.value.code == "conflict"


def test_calling_next_gives_the_floor_to_the_first_hand_and_lowers_it() -> None:
    room = Room(participants=2)
    room.do(f.RaiseHand(actor="p2"))
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.CallNext(actor="fac"))
    assert room.state.floor.speaker is not None and room.state.floor.speaker.member_id == "p2"
    assert room.state.floor.queue() == ["p1"]


def test_calling_next_on_an_empty_queue_is_refused() -> None:
    room = Room(participants=1)
    with pytest.raises(Rejected) as exc:
        room.do(f.CallNext(actor="fac"))
    assert exc.value.code == "not_found"


def _speak(room: Room, who: str, seconds: float) -> None:
    room.do(f.GiveFloor(actor="fac", target=who))
    room.now += seconds
    room.do(f.EndTurn(actor="fac"))


def test_progressive_stack_puts_those_who_spoke_least_first_then_by_arrival() -> None:
    room = Room(participants=4)
    room.do(f.SetProgressiveStack(actor="fac", on=True))
    _speak(room, "p1", 120)
    _speak(room, "p2", 30)
    for who in ("p1", "p2", "p3", "p4"):
        room.do(f.RaiseHand(actor=who))
        room.now += 1
    # p3 and p4 have not spoken (arrival order between them), then p2 (30 s), then p1 (120 s).
    assert room.state.floor.queue() == ["p3", "p4", "p2", "p1"]


def test_switching_the_progressive_stack_on_reorders_the_waiting_queue() -> None:
    room = Room(participants=3)
    _speak(room, "p1", 60)
    for who in ("p1", "p2", "p3"):
        room.do(f.RaiseHand(actor=who))
    events = room.do(f.SetProgressiveStack(actor="fac", on=True))
    assert room.types(events) == ["ProgressiveStackSet", "HandsReordered"]
    assert room.state.floor.queue() == ["p2", "p3", "p1"]


def test_the_raised_event_says_where_the_hand_goes() -> None:
    room = Room(participants=2)
    room.do(f.SetProgressiveStack(actor="fac", on=True))
    _speak(room, "p1", 60)
    room.do(f.RaiseHand(actor="p1"))
    (ev,) = room.do(f.RaiseHand(actor="p2"))
    assert isinstance(ev, HandRaised) and ev.position == 0


def test_a_member_who_leaves_takes_their_hand_down() -> None:
    room = Room(participants=2)
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.RaiseHand(actor="p2"))
    events = room.leave("p1")
    assert room.types(events) == ["HandLowered", "MemberLeft"]
    assert room.state.floor.queue() == ["p2"]
