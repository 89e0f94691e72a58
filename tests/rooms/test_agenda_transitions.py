"""The agenda's state machine is its two tables: every status x command and every status x event."""

from __future__ import annotations

import pytest

from rooms import ImpossibleEvent, Rejected
from rooms.agenda import commands as c
from rooms.agenda import events as e
from rooms.agenda.state import AgendaStatus, PhaseEndReason, TimeUpReason
from rooms.agenda.transitions import COMMAND_STATUSES, TRANSITIONS
from rooms.base import Command, Event
from rooms.errors import Code
from rooms.sessions.commands import EndSession
from tests.rooms.room import Room


def room_in(status: AgendaStatus) -> Room:
    """A room of three participants whose agenda (the 1-2-4-all template) is in `status`."""
    room = Room(template="1-2-4-all", participants=3)
    if status is AgendaStatus.IDLE:
        return room
    room.do(c.StartAgenda(actor="fac"))
    if status is AgendaStatus.PAUSED:
        room.do(c.PauseAgenda(actor="fac"))
    elif status is AgendaStatus.OVERTIME:
        phase_id = room.state.agenda.phases[0].id
        room.do_event(
            e.PhaseTimeUp(
                at=room.now, phase_id=phase_id, reason=TimeUpReason.TIME, advance_due=False, grace_until=room.now
            )
        )
    elif status is AgendaStatus.FINISHED:
        while room.state.agenda.status is not AgendaStatus.FINISHED:
            room.do(c.SkipPhase(actor="fac"))
    assert room.state.agenda.status is status
    return room


def command_of(kind: type[Command]) -> Command:
    samples: dict[type[Command], Command] = {
        c.StartAgenda: c.StartAgenda(actor="fac"),
        c.LoadTemplate: c.LoadTemplate(actor="fac", name="aar"),
        c.PauseAgenda: c.PauseAgenda(actor="fac"),
        c.ResumeAgenda: c.ResumeAgenda(actor="fac"),
        c.ExtendPhase: c.ExtendPhase(actor="fac", seconds=60),
        c.SkipPhase: c.SkipPhase(actor="fac"),
        c.PreviousPhase: c.PreviousPhase(actor="fac"),
        c.MarkReady: c.MarkReady(actor="p1"),
    }
    return samples[kind]


def event_of(kind: type[Event], room: Room) -> Event:
    now = room.now
    phases = room.state.agenda.phases
    samples: dict[type[Event], Event] = {
        e.AgendaLoaded: e.AgendaLoaded(at=now, template="", phases=list(phases), by="fac"),
        e.PhaseStarted: e.PhaseStarted(
            at=now, index=0, phase_id=phases[0].id, ends_at=now + 60, warn_at=None, by="fac"
        ),
        e.PhaseTimeUp: e.PhaseTimeUp(
            at=now, phase_id="x", reason=TimeUpReason.TIME, advance_due=False, grace_until=now
        ),
        e.AgendaPaused: e.AgendaPaused(at=now, remaining=30.0, by="fac"),
        e.AgendaResumed: e.AgendaResumed(at=now, ends_at=now + 30, warn_at=None, next_rotation_at=None, by="fac"),
        e.PhaseExtended: e.PhaseExtended(at=now, seconds=60, ends_at=now + 60, warn_at=None, remaining=None, by="fac"),
        e.AgendaFinished: e.AgendaFinished(at=now),
        e.AgendaReset: e.AgendaReset(at=now, by="fac"),
    }
    return samples[kind]


COMMAND_CASES = [(s, k) for k in COMMAND_STATUSES for s in AgendaStatus]
EVENT_KINDS = list(dict.fromkeys(kind for _, kind in TRANSITIONS))
EVENT_CASES = [(s, k) for k in EVENT_KINDS for s in AgendaStatus]


@pytest.mark.parametrize(("status", "kind"), COMMAND_CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_a_command_is_refused_with_wrong_state_exactly_in_the_statuses_its_table_row_leaves_out(
    status: AgendaStatus, kind: type[Command]
) -> None:
    room = room_in(status)
    allowed, why = COMMAND_STATUSES[kind]
    if status in allowed:
        room.do(command_of(kind))  # accepted: no Rejected at all in these rooms
    else:
        before = room.snapshot()
        with pytest.raises(Rejected) as refused:
            room.do(command_of(kind))
        assert (refused.value.code, refused.value.detail) == (Code.WRONG_STATE, why)
        assert room.state == before


@pytest.mark.parametrize(("status", "kind"), EVENT_CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_an_event_moves_the_status_as_its_table_says_and_is_impossible_elsewhere(
    status: AgendaStatus, kind: type[Event]
) -> None:
    room = room_in(status)
    event = event_of(kind, room)
    after = TRANSITIONS.get((status, kind))
    if after is None:
        with pytest.raises(ImpossibleEvent):
            room.do_event(event)
    else:
        room.do_event(event)
        assert room.state.agenda.status is after


def test_ending_the_session_leaves_a_started_agenda_finished_and_an_idle_one_idle() -> None:
    for status in AgendaStatus:
        room = room_in(status)
        room.do(EndSession(actor="fac"))
        expected = AgendaStatus.IDLE if status is AgendaStatus.IDLE else AgendaStatus.FINISHED
        assert room.state.agenda.status is expected
        ended = [ev for ev in room.log if isinstance(ev, e.PhaseEnded)]
        if status in (AgendaStatus.RUNNING, AgendaStatus.PAUSED, AgendaStatus.OVERTIME):
            assert ended[-1].reason is PhaseEndReason.SESSION_ENDED
