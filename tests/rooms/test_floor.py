"""The floor: time boxes with warning and grace, the talking stick, passing, departures, airtime."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.floor import airtime_report
from rooms.floor import commands as f
from rooms.floor.events import StickRoundStarted, TurnEnded, TurnStarted
from rooms.floor.state import StickOrder, TurnEndReason
from rooms.membership.commands import Disconnect, RemoveMember
from rooms.state import Role
from tests.rooms.room import START, Room


def speaker(room: Room) -> str | None:
    turn = room.state.floor.speaker
    return None if turn is None else turn.member_id


def stick_round(room: Room, **kw: object) -> None:
    options: dict[str, object] = {"turn_seconds": 60.0, "warning_seconds": 10.0, "grace_seconds": 5.0, **kw}
    room.do(f.StartStickRound(actor="fac", **options))  # type: ignore[arg-type]


def test_a_timed_turn_warns_then_says_time_is_up_then_ends_after_the_grace() -> None:
    room = Room(participants=1)
    room.do(f.GiveFloor(actor="fac", target="p1", seconds=60))
    assert room.advance(44) == []
    assert room.types(room.advance(1)) == ["TurnWarned"]  # 15 s before the end
    assert room.types(room.advance(15)) == ["TurnTimeUp"]
    assert speaker(room) == "p1"  # still finishing the sentence
    assert room.types(room.advance(5)) == ["TurnEnded"]
    assert speaker(room) is None


def test_facilitator_extends_a_turn_in_its_grace_from_now() -> None:
    room = Room(participants=1)
    room.do(f.GiveFloor(actor="fac", target="p1", seconds=60))
    room.advance(62)
    room.do(f.ExtendTurn(actor="fac", seconds=30))
    turn = room.state.floor.speaker
    assert turn is not None and turn.ends_at == START + 92 and not turn.time_up
    assert room.types(room.advance(30)) == ["TurnWarned", "TurnTimeUp"]  # warned again before the new end


def test_extending_a_running_turn_moves_its_end() -> None:
    room = Room(participants=1)
    room.do(f.GiveFloor(actor="fac", target="p1", seconds=60))
    room.advance(10)
    room.do(f.ExtendTurn(actor="fac", seconds=60))
    turn = room.state.floor.speaker
    assert turn is not None and turn.ends_at == START + 120 and turn.warn_at == START + 105


def test_the_speaker_finishes_their_own_turn_but_not_someone_elses() -> None:
    room = Room(participants=2)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    with pytest.raises(Rejected):
        room.do(f.FinishTurn(actor="p2"))
    room.do(f.FinishTurn(actor="p1"))
    assert speaker(room) is None


def test_a_participant_cannot_give_the_floor() -> None:
    room = Room(participants=2)
    with pytest.raises(Rejected) as exc:
        room.do(f.GiveFloor(actor="p1", target="p2"))
    assert exc.value.code == "forbidden"


def test_a_talking_stick_round_goes_round_the_room_in_join_order() -> None:
    room = Room(participants=3)
    stick_round(room)
    assert speaker(room) == "p1"
    room.advance(65)
    assert speaker(room) == "p2"
    room.do(f.FinishTurn(actor="p2"))
    assert speaker(room) == "p3"
    events = room.advance(65)
    assert room.types(events)[-2:] == ["TurnEnded", "StickRoundEnded"]
    assert room.state.floor.stick is None


def test_the_facilitator_takes_no_turn_unless_asked() -> None:
    room = Room(participants=2)
    stick_round(room, include_facilitators=True)
    assert room.state.floor.stick is not None and room.state.floor.stick.order == ["fac", "p1", "p2"]


def test_a_random_order_is_chosen_by_the_server_and_carried_in_the_event() -> None:
    orders = []
    for _ in range(2):
        room = Room(participants=6, room_id="same-room")
        stick_round(room, how=StickOrder.RANDOM)
        started = next(e for e in room.log if isinstance(e, StickRoundStarted))
        orders.append(started.order)
    assert orders[0] == orders[1]  # seeded by room and seq: a replay agrees
    assert sorted(orders[0]) == [f"p{i}" for i in range(1, 7)]


def test_a_custom_order_is_the_facilitators() -> None:
    room = Room(participants=3)
    stick_round(room, how=StickOrder.CUSTOM, members=["p3", "p1"])
    assert speaker(room) == "p3"


def test_a_custom_order_naming_someone_absent_is_refused() -> None:
    room = Room(participants=1)
    with pytest.raises(Rejected):
        stick_round(room, how=StickOrder.CUSTOM, members=["p1", "ghost"])


def test_passing_on_your_turn_hands_the_stick_on() -> None:
    room = Room(participants=2)
    stick_round(room)
    events = room.do(f.Pass(actor="p1"))
    assert isinstance(events[0], TurnEnded) and events[0].reason is TurnEndReason.PASSED
    assert speaker(room) == "p2"


def test_passing_ahead_of_your_turn_makes_the_stick_skip_you() -> None:
    room = Room(participants=3)
    stick_round(room)
    room.do(f.Pass(actor="p2"))
    room.do(f.FinishTurn(actor="p1"))
    assert speaker(room) == "p3"


def test_passing_twice_is_refused() -> None:
    room = Room(participants=3)
    stick_round(room)
    room.do(f.Pass(actor="p2"))
    with pytest.raises(Rejected):
        room.do(f.Pass(actor="p2"))


def test_every_participant_gets_exactly_one_turn_passes_included() -> None:
    room = Room(participants=5)
    stick_round(room)
    room.do(f.Pass(actor="p4"))
    room.do(f.Pass(actor="p1"))
    room.advance(65)  # p2 runs out of time
    room.do(f.FinishTurn(actor="p3"))
    room.advance(65)  # p5 runs out of time
    started = [e.member_id for e in room.log if isinstance(e, TurnStarted)]
    assert started == ["p1", "p2", "p3", "p5"]
    ended = room.log[-1]
    assert room.types([ended]) == ["StickRoundEnded"]
    assert sorted(ended.done) == ["p1", "p2", "p3", "p4", "p5"]  # type: ignore[attr-defined]
    assert sorted(ended.passed) == ["p1", "p4"]  # type: ignore[attr-defined]


def test_a_speaker_who_leaves_hands_the_stick_on() -> None:
    room = Room(participants=3)
    stick_round(room)
    room.leave("p1")
    assert speaker(room) == "p2"


def test_a_removed_speaker_loses_the_floor() -> None:
    room = Room(participants=2)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.do(RemoveMember(actor="fac", target="p1"))
    assert speaker(room) is None


def test_the_stick_skips_someone_who_left_before_their_turn() -> None:
    room = Room(participants=3)
    stick_round(room)
    room.leave("p2")
    room.do(f.FinishTurn(actor="p1"))
    assert speaker(room) == "p3"


def test_a_member_whose_reconnect_grace_runs_out_loses_the_floor() -> None:
    room = Room(participants=2)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.do(Disconnect(actor="p1"))
    room.advance(61)
    assert speaker(room) is None


def test_no_open_floor_handover_during_a_round() -> None:
    room = Room(participants=2)
    stick_round(room)
    with pytest.raises(Rejected) as exc:
        room.do(f.GiveFloor(actor="fac", target="p2"))
    assert exc.value.code == "wrong_state"


def test_airtime_counts_each_speaker_and_who_has_not_spoken() -> None:
    room = Room(participants=3)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.now += 90
    room.do(f.GiveFloor(actor="fac", target="p2"))
    room.now += 30
    report = airtime_report(room.state, room.now)
    by_id = {m.member_id: m for m in report.members}
    assert by_id["p1"].total_seconds == 90 and by_id["p2"].total_seconds == 30  # p2 still speaking
    assert report.total_seconds == 120
    assert by_id["p1"].share == pytest.approx(0.75)
    assert report.equal_share == pytest.approx(1 / 3)
    assert report.not_yet_spoken == ["p3"]


def test_airtime_counts_a_facilitator_who_spoke() -> None:
    room = Room(participants=1)
    room.do(f.GiveFloor(actor="fac", target="fac"))
    room.now += 10
    report = airtime_report(room.state, room.now)
    assert [m.member_id for m in report.members] == ["p1", "fac"]


def test_observers_do_not_count_towards_the_equal_share() -> None:
    room = Room(participants=2)
    room.join("obs", Role.OBSERVER)
    assert airtime_report(room.state, room.now).equal_share == 0.5
