"""Ending a session explicitly: the agenda stops where it is, the floor clears, a final event closes
the session, the record marks the end, and the next session opens again. Core tests, fake `now`."""

from __future__ import annotations

import pytest

from rooms import Rejected, RoomState, apply
from rooms.agenda import commands as a
from rooms.agenda.state import AgendaStatus
from rooms.errors import Code
from rooms.floor import commands as f
from rooms.reflections import commands as r
from rooms.sessions.commands import EndSession, StartNextSession
from rooms.sessions.ending import SessionEnded
from rooms.state import Role
from server.record.build import build_record
from server.record.render import to_markdown
from tests.rooms.room import Room

THREE_PHASES = """
[[phases]]
id = "one"
title = "One"
seconds = 300

[[phases]]
id = "two"
title = "Two"
seconds = 300

[[phases]]
id = "three"
title = "Three"
seconds = 300
"""


def running_room() -> Room:
    room = Room(participants=3)
    room.do(a.LoadTemplate(actor="fac", toml=THREE_PHASES))
    room.do(a.StartAgenda(actor="fac"))
    room.advance(300)  # phase one's time is up: on to two
    room.advance(20)
    return room


def refused(room: Room, command: object) -> Code:
    with pytest.raises(Rejected) as exc:
        room.do(command)  # type: ignore[arg-type]
    return exc.value.code


def test_ending_the_session_stops_the_agenda_in_the_phase_it_ended_in() -> None:
    room = running_room()
    assert room.state.agenda.index == 1
    events = room.do(EndSession(actor="fac"))
    assert room.types(events) == ["PhaseEnded", "SessionEnded"]
    assert events[0].reason.value == "session_ended"  # type: ignore[attr-defined]
    assert room.state.agenda.status is AgendaStatus.FINISHED and room.state.agenda.index == 1
    assert room.state.ended_at == room.now
    room.advance(3600)  # nothing runs any more
    assert room.types(room.log[-1:]) == ["SessionEnded"]


def test_ending_the_session_ends_the_turn_and_lowers_every_hand() -> None:
    room = running_room()
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.do(f.RaiseHand(actor="p2"))
    room.do(f.RaiseHand(actor="p3"))
    room.advance(10)
    events = room.do(EndSession(actor="fac"))
    assert room.types(events) == ["PhaseEnded", "TurnEnded", "HandsCleared", "SessionEnded"]
    assert room.state.floor.speaker is None and room.state.floor.hands == []
    assert room.state.floor.airtime["p1"] == {"two": 10.0}


def test_ending_the_session_stops_a_talking_stick_round() -> None:
    room = Room(participants=2)
    room.do(f.StartStickRound(actor="fac"))
    room.advance(5)
    events = room.do(EndSession(actor="fac"))
    assert room.types(events) == ["TurnEnded", "StickRoundEnded", "SessionEnded"]
    assert room.state.floor.stick is None and room.state.floor.speaker is None


def test_a_co_facilitator_can_end_the_session_but_a_participant_cannot() -> None:
    room = Room(participants=1)
    room.join("co", Role.CO_FACILITATOR)
    assert refused(room, EndSession(actor="p1")) is Code.FORBIDDEN
    [ended] = room.do(EndSession(actor="co"))
    assert isinstance(ended, SessionEnded) and ended.by == "co" and ended.session == 1


def test_a_session_ends_only_once() -> None:
    room = Room(participants=1)
    room.do(EndSession(actor="fac"))
    assert refused(room, EndSession(actor="fac")) is Code.WRONG_STATE


def test_nothing_restarts_the_meeting_after_the_end_but_cards_and_actions_can_be_finished() -> None:
    room = running_room()
    room.do(EndSession(actor="fac"))
    for command in (
        a.StartAgenda(actor="fac"),
        f.RaiseHand(actor="p1"),
        f.GiveFloor(actor="fac", target="p1"),
        f.StartStickRound(actor="fac"),
    ):
        assert refused(room, command) is Code.WRONG_STATE
    room.do(r.WriteCard(actor="p1", prompt="", text="One more thought"))
    room.do(r.AddActionItem(actor="p2", text="Send the notes"))


def test_the_record_marks_when_the_session_ended_and_how_far_the_agenda_got() -> None:
    room = running_room()
    room.do(EndSession(actor="fac"))
    ended_at = room.now
    room.advance(600)
    record = build_record(room.state, room.now)
    assert record["ended_at"] == ended_at
    assert [p["status"] for p in record["agenda"]] == ["done", "ended early", "not reached"]
    assert ", ended " in to_markdown(record)


def test_a_running_session_has_no_end_in_its_record() -> None:
    room = running_room()
    record = build_record(room.state, room.now)
    assert record["ended_at"] is None
    assert [p["status"] for p in record["agenda"]] == ["done", "under way", "not reached"]


def test_the_next_session_opens_after_an_ended_one() -> None:
    room = running_room()
    room.do(EndSession(actor="fac"))
    room.do(StartNextSession(actor="fac"))
    assert room.state.ended_at is None and room.state.session == 2
    room.do(a.StartAgenda(actor="fac"))
    assert room.state.agenda.index == 0


def test_a_replay_rebuilds_an_ended_session() -> None:
    room = running_room()
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.do(EndSession(actor="fac"))
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, ev)
    assert replayed == room.state


def test_a_paused_session_can_be_ended_and_its_clock_never_resumes() -> None:
    room = running_room()
    room.do(f.GiveFloor(actor="fac", target="p1", seconds=60))
    room.do(a.PauseAgenda(actor="fac"))
    room.advance(100)
    room.do(EndSession(actor="fac"))
    assert room.state.agenda.status is AgendaStatus.FINISHED
    assert refused(room, a.ResumeAgenda(actor="fac")) is Code.WRONG_STATE
    assert room.advance(3600) == []
    assert room.state.floor.airtime["p1"] == {"two": 0.0}
