"""Latecomers and rounds: whoever arrives while a talking-stick round (by hand or an agenda's
talking-stick phase) runs goes to the end of the speaking order, so nobody is skipped; observers
never take a turn. Core tests with a fake `now`."""

from __future__ import annotations

from rooms import RoomState, apply
from rooms.agenda import commands as a
from rooms.agenda.events import AgendaFinished, PhaseTimeUp
from rooms.floor import commands as f
from rooms.floor.events import StickRoundEnded, StickRoundJoined
from rooms.membership import commands as m
from rooms.state import Role
from tests.rooms.room import Room

CHECK_IN = """
[[phases]]
id = "check-in"
title = "Check-in"
mode = "talking_stick"
seconds = 120
turn_seconds = 60
"""


def speaker(room: Room) -> str | None:
    turn = room.state.floor.speaker
    return None if turn is None else turn.member_id


def round_of(room: Room, **kw: object) -> None:
    options: dict[str, object] = {"turn_seconds": 60.0, "warning_seconds": 10.0, "grace_seconds": 5.0, **kw}
    room.do(f.StartStickRound(actor="fac", **options))  # type: ignore[arg-type]


def speakers_in_turn(room: Room) -> list[str]:
    """Finish each turn as it comes until the round ends; who spoke, in order."""
    spoke = []
    while room.state.floor.stick is not None:
        who = speaker(room)
        assert who is not None
        spoke.append(who)
        room.do(f.FinishTurn(actor=who))
    return spoke


def test_someone_joining_during_a_round_speaks_at_its_end() -> None:
    room = Room(participants=2)
    round_of(room)
    room.join("late")
    assert room.types(room.log[-2:]) == ["MemberJoined", "StickRoundJoined"]
    assert room.state.floor.stick is not None and room.state.floor.stick.order == ["p1", "p2", "late"]
    assert speakers_in_turn(room) == ["p1", "p2", "late"]
    [ended] = [ev for ev in room.log if isinstance(ev, StickRoundEnded)]
    assert ended.done == ["p1", "p2", "late"]


def test_someone_admitted_from_the_lobby_during_a_round_is_added_when_admitted() -> None:
    room = Room(participants=2)
    round_of(room)
    room.do(m.LockRoom(actor="fac"))
    room.join("late")
    assert room.state.floor.stick is not None and "late" not in room.state.floor.stick.order
    events = room.do(m.Admit(actor="fac", target="late"))
    assert room.types(events) == ["MemberAdmitted", "StickRoundJoined"]
    assert speakers_in_turn(room) == ["p1", "p2", "late"]


def test_an_observer_arriving_during_a_round_takes_no_turn() -> None:
    room = Room(participants=2)
    round_of(room)
    room.join("obs", Role.OBSERVER)
    assert not [ev for ev in room.log if isinstance(ev, StickRoundJoined)]
    assert speakers_in_turn(room) == ["p1", "p2"]


def test_an_observer_made_a_participant_during_a_round_gets_a_turn() -> None:
    room = Room(participants=1)
    room.join("obs", Role.OBSERVER)
    round_of(room)
    room.do(m.SetRole(actor="fac", target="obs", role=Role.PARTICIPANT))
    assert speakers_in_turn(room) == ["p1", "obs"]


def test_a_late_co_facilitator_joins_only_rounds_that_include_facilitators() -> None:
    room = Room(participants=1)
    round_of(room)
    room.join("co", Role.CO_FACILITATOR)
    assert speakers_in_turn(room) == ["p1"]
    round_of(room, include_facilitators=True)
    room.join("co2", Role.CO_FACILITATOR)
    assert speakers_in_turn(room) == ["fac", "p1", "co", "co2"]


def test_someone_who_drops_and_returns_keeps_their_place_and_gets_no_second_turn() -> None:
    room = Room(participants=3)
    round_of(room)
    room.do(f.FinishTurn(actor="p1"))
    room.leave("p1")
    room.join("p1")  # back with their resume token: the same member
    assert room.state.floor.stick is not None and room.state.floor.stick.order == ["p1", "p2", "p3"]
    assert speakers_in_turn(room) == ["p2", "p3"]


def test_a_latecomer_to_an_agenda_talking_stick_phase_speaks_before_it_ends() -> None:
    room = Room(participants=2)
    room.do(a.LoadTemplate(actor="fac", toml=CHECK_IN))
    room.do(a.StartAgenda(actor="fac"))
    room.advance(30)
    room.join("late")
    room.advance(60)  # p1's time box (and grace) has run out: p2 speaks
    assert speaker(room) == "p2"
    room.advance(65)  # the phase's planned 120 s are over; the round goes on
    assert [ev.reason.value for ev in room.log if isinstance(ev, PhaseTimeUp)] == ["time"]
    assert speaker(room) == "late"
    room.do(f.FinishTurn(actor="late"))
    room.advance(20)
    assert any(isinstance(ev, AgendaFinished) for ev in room.log)
    [ended] = [ev for ev in room.log if isinstance(ev, StickRoundEnded)]
    assert ended.done == ["p1", "p2", "late"]


def test_nobody_joins_a_round_after_it_has_ended() -> None:
    room = Room(participants=1)
    round_of(room)
    room.do(f.FinishTurn(actor="p1"))
    room.join("late")
    assert not [ev for ev in room.log if isinstance(ev, StickRoundJoined)]


def test_a_replay_rebuilds_a_round_that_took_latecomers_in() -> None:
    room = Room(participants=2)
    round_of(room)
    room.join("late")
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, ev)
    assert replayed == room.state
