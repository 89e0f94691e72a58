"""A room that waits for the facilitator between phases: time up, everyone ready or a finished round
leave the step in overtime until the facilitator moves on (no phase starts by itself)."""

from __future__ import annotations

from rooms.agenda import commands as a
from rooms.agenda import current_phase
from rooms.agenda.state import AgendaStatus
from rooms.floor import commands as f
from rooms.membership.commands import CreateRoom, Join
from rooms.state import Role, RoomSettings
from tests.rooms.harness import Room

AGENDA = """
[[phases]]
id = "round"
title = "Check-in"
mode = "talking_stick"
seconds = 120
turn_seconds = 30

[[phases]]
id = "talk"
title = "Talk"
seconds = 300

[[phases]]
id = "close"
title = "Close"
seconds = 60
"""


def waiting_room(wait: bool = True) -> Room:
    room = Room()
    room.do(CreateRoom(actor="", title="Group", settings=RoomSettings(wait_between_phases=wait)))
    room.do(Join(actor="fac", name="Fay", role=Role.FACILITATOR))
    for p in ("ana", "ben"):
        room.do(Join(actor=p, name=p.capitalize(), role=Role.PARTICIPANT))
    room.do(a.LoadTemplate(actor="fac", toml=AGENDA))
    return room


def phase_id(room: Room) -> str | None:
    phase = current_phase(room.state)
    return None if phase is None else phase.id


def test_a_completed_round_waits_for_the_facilitator_instead_of_starting_the_next_phase() -> None:
    room = waiting_room()
    room.do(a.StartAgenda(actor="fac"))
    for _ in range(2):
        speaker = room.state.floor.speaker
        assert speaker is not None
        room.do(f.FinishTurn(actor=speaker.member_id))
    room.wait(60)
    assert phase_id(room) == "round" and room.state.agenda.status is AgendaStatus.OVERTIME
    room.do(a.SkipPhase(actor="fac"))
    assert phase_id(room) == "talk"


def test_time_up_and_everyone_ready_wait_too() -> None:
    room = waiting_room()
    room.do(a.StartAgenda(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    room.wait(3600)
    assert phase_id(room) == "talk" and room.state.agenda.status is AgendaStatus.OVERTIME
    room.do(a.SkipPhase(actor="fac"))
    for p in ("ana", "ben"):
        room.do(a.MarkReady(actor=p))
    room.wait(60)
    assert phase_id(room) == "close"


def test_without_the_setting_the_next_phase_starts_by_itself() -> None:
    room = waiting_room(wait=False)
    room.do(a.StartAgenda(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    room.wait(320)
    assert phase_id(room) == "close"
