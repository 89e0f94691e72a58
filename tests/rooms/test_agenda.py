"""The agenda's clock: expiry, warnings, pause/resume, extend, skip/back/reset, ready, typing, roles."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.agenda import PhaseMode, current_phase
from rooms.agenda import commands as a
from rooms.agenda.events import PhaseEnded, RolesRotated
from rooms.agenda.state import AgendaStatus
from rooms.floor import commands as f
from rooms.floor.events import TurnStarted
from rooms.spaces.state import DEFAULT_GRACE
from tests.rooms.room import START, Room

OPEN_AGENDA = """
[[phases]]
id = "write"
title = "Write"
mode = "silent_writing"
seconds = 300
anonymous = true
prompts = ["Start", "Stop", "Continue"]

[[phases]]
id = "talk"
title = "Talk"
seconds = 600

[[phases]]
id = "close"
title = "Close"
seconds = 120
auto_advance = false
"""


def open_room(participants: int = 3) -> Room:
    room = Room(participants=participants)
    room.do(a.LoadTemplate(actor="fac", toml=OPEN_AGENDA))
    room.do(a.StartAgenda(actor="fac"))
    return room


def phase_id(room: Room) -> str | None:
    phase = current_phase(room.state)
    return None if phase is None else phase.id


def test_current_phase_tells_other_features_what_the_group_does_now() -> None:
    room = open_room()
    phase = current_phase(room.state)
    assert phase is not None
    assert (phase.id, phase.mode, phase.anonymous, phase.prompts) == (
        "write",
        PhaseMode.SILENT_WRITING,
        True,
        ["Start", "Stop", "Continue"],
    )
    assert phase.planned_seconds == 300


def test_there_is_no_current_phase_before_the_start_or_after_the_end() -> None:
    room = Room(participants=1)
    room.do(a.LoadTemplate(actor="fac", toml=OPEN_AGENDA))
    assert current_phase(room.state) is None
    room.do(a.StartAgenda(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    assert room.state.agenda.status is AgendaStatus.FINISHED and current_phase(room.state) is None


def test_the_server_stores_the_phase_deadline_as_an_absolute_time() -> None:
    room = open_room()
    assert room.state.agenda.ends_at == START + 300


def test_a_phase_warns_a_minute_before_its_end_then_moves_on_by_itself() -> None:
    room = open_room()
    assert room.types(room.advance(240)) == ["PhaseWarned"]
    events = room.advance(60)
    assert room.types(events) == ["PhaseTimeUp", "PhaseEnded", "PhaseStarted"]
    assert phase_id(room) == "talk"
    assert room.state.agenda.ends_at == START + 300 + 600


def test_a_phase_without_auto_advance_waits_in_overtime_for_the_facilitator() -> None:
    room = open_room()
    room.advance(900)
    assert phase_id(room) == "close"
    room.advance(500)
    assert phase_id(room) == "close" and room.state.agenda.status is AgendaStatus.OVERTIME
    room.do(a.SkipPhase(actor="fac"))
    assert room.state.agenda.status is AgendaStatus.FINISHED


def test_pause_and_resume_keep_the_remaining_time_exact() -> None:
    room = open_room()
    room.advance(100.25)
    room.do(a.PauseAgenda(actor="fac"))
    assert room.state.agenda.remaining == 199.75
    assert room.advance(3600) == []  # nothing happens while paused
    room.do(a.ResumeAgenda(actor="fac"))
    assert room.state.agenda.ends_at == room.now + 199.75
    assert room.types(room.advance(199.75))[-1] == "PhaseStarted"


def test_pause_freezes_the_speakers_time_box_and_airtime_too() -> None:
    room = open_room()
    room.do(f.GiveFloor(actor="fac", target="p1", seconds=60))
    room.advance(20)
    room.do(a.PauseAgenda(actor="fac"))
    room.advance(1000)
    room.do(a.ResumeAgenda(actor="fac"))
    turn = room.state.floor.speaker
    assert turn is not None and turn.ends_at == room.now + 40
    room.advance(10)
    from rooms.floor import airtime_report

    assert airtime_report(room.state, room.now).members[0].total_seconds == 30


def test_facilitator_extends_a_running_phase_by_one_or_five_minutes() -> None:
    room = open_room()
    room.do(a.ExtendPhase(actor="fac", seconds=60))
    room.do(a.ExtendPhase(actor="fac", seconds=300))
    assert room.state.agenda.ends_at == START + 660


def test_extending_a_paused_phase_adds_to_the_remaining_time() -> None:
    room = open_room()
    room.advance(100)
    room.do(a.PauseAgenda(actor="fac"))
    room.do(a.ExtendPhase(actor="fac", seconds=60))
    room.do(a.ResumeAgenda(actor="fac"))
    assert room.state.agenda.ends_at == room.now + 260


def test_extending_a_phase_in_overtime_restarts_its_clock_from_now() -> None:
    room = open_room()
    room.advance(900 + 200)  # "close" is 120 s long and does not advance by itself
    room.do(a.ExtendPhase(actor="fac", seconds=120))
    assert room.state.agenda.status is AgendaStatus.RUNNING and room.state.agenda.ends_at == room.now + 120


def test_skip_and_back_move_between_phases_restarting_their_clocks() -> None:
    room = open_room()
    room.advance(10)
    room.do(a.SkipPhase(actor="fac"))
    assert phase_id(room) == "talk" and room.state.agenda.ends_at == room.now + 600
    room.advance(10)
    room.do(a.PreviousPhase(actor="fac"))
    assert phase_id(room) == "write" and room.state.agenda.ends_at == room.now + 300
    reasons = [e.reason for e in room.log if isinstance(e, PhaseEnded)]
    assert reasons == ["skipped", "back"]


def test_a_repeated_skip_or_back_from_the_same_phase_moves_only_once() -> None:
    """A double click, or a retry after the answer was lost, names the phase the facilitator saw."""
    room = open_room()
    room.do(a.SkipPhase(actor="fac", phase_id="write"))
    for again in (a.SkipPhase(actor="fac", phase_id="write"), a.PreviousPhase(actor="fac", phase_id="write")):
        log = len(room.log)
        with pytest.raises(Rejected) as exc:
            room.do(again)
        assert exc.value.code == "conflict" and phase_id(room) == "talk" and len(room.log) == log
    room.do(a.PreviousPhase(actor="fac", phase_id="talk"))
    assert phase_id(room) == "write"


def test_reset_returns_to_before_the_first_phase() -> None:
    room = open_room()
    room.do(a.SkipPhase(actor="fac"))
    room.do(a.ResetAgenda(actor="fac"))
    assert room.state.agenda.status is AgendaStatus.IDLE and current_phase(room.state) is None
    assert room.advance(5000) == []
    room.do(a.StartAgenda(actor="fac"))
    assert phase_id(room) == "write"


def test_a_participant_cannot_run_the_agenda() -> None:
    room = open_room()
    for command in (a.SkipPhase(actor="p1"), a.PauseAgenda(actor="p1"), a.ExtendPhase(actor="p1", seconds=60)):
        with pytest.raises(Rejected) as exc:
            room.do(command)
        assert exc.value.code == "forbidden"


def test_when_everyone_is_ready_the_phase_ends_early() -> None:
    room = open_room(participants=3)
    room.do(a.MarkReady(actor="p1"))
    room.do(a.MarkReady(actor="p2"))
    room.do(a.MarkReady(actor="p2", ready=False))
    room.do(a.MarkReady(actor="p2"))
    assert room.advance(0) == []
    room.do(a.MarkReady(actor="p3"))
    assert room.state.agenda.status is AgendaStatus.OVERTIME
    assert room.types(room.advance(0)) == ["PhaseEnded", "PhaseStarted"]
    assert phase_id(room) == "talk" and room.state.agenda.ready == []


def test_when_the_last_one_not_ready_leaves_the_phase_ends_early() -> None:
    room = open_room(participants=3)
    room.do(a.MarkReady(actor="p1"))
    room.do(a.MarkReady(actor="p2"))
    room.leave("p3")
    room.advance(0)
    assert phase_id(room) == "talk"


def test_the_phase_change_waits_for_someone_still_typing() -> None:
    room = open_room()
    room.advance(298)
    room.do(a.MarkTyping(actor="p1"))  # counts until 303
    events = room.advance(2)
    assert room.types(events) == ["PhaseTimeUp"]
    assert room.advance(2.9) == []
    assert room.types(room.advance(0.1)) == ["PhaseEnded", "PhaseStarted"]


def test_the_typing_grace_has_a_limit() -> None:
    room = open_room()
    room.advance(300)  # time up, nobody typing: next phase
    room.advance(598)
    for _ in range(30):  # someone types on and on
        room.do(a.MarkTyping(actor="p1"))
        room.advance(1)
    ends = [e for e in room.log if isinstance(e, PhaseEnded)]
    assert ends[-1].phase_id == "talk" and ends[-1].at == START + 300 + 600 + 15


def test_repeated_typing_marks_are_logged_only_when_the_last_is_half_spent() -> None:
    room = open_room()
    assert len(room.do(a.MarkTyping(actor="p1"))) == 1
    room.now += 1
    assert room.do(a.MarkTyping(actor="p1")) == []
    room.now += 2
    assert len(room.do(a.MarkTyping(actor="p1"))) == 1


def test_a_talking_stick_phase_ends_when_its_round_is_done() -> None:
    room = Room(template="check-in", participants=3)
    room.do(a.StartAgenda(actor="fac"))
    for who in ("p1", "p2", "p3"):
        room.do(f.FinishTurn(actor=who))
    room.advance(0)
    assert room.state.agenda.status is AgendaStatus.FINISHED


def test_a_talking_stick_phase_out_of_time_lets_the_round_finish() -> None:
    room = Room(template="check-in", participants=8)  # 8 x (90 + 5) s is more than 10 minutes
    room.do(a.StartAgenda(actor="fac"))
    room.advance(600)
    assert room.state.agenda.status is AgendaStatus.OVERTIME
    room.advance(8 * 95 - 600)
    assert room.state.agenda.status is AgendaStatus.FINISHED
    assert len([e for e in room.log if isinstance(e, TurnStarted)]) == 8


def test_coaching_triads_form_groups_and_rotate_roles_every_twelve_minutes() -> None:
    room = Room(template="coaching-triad", participants=6)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(180)
    agenda = room.state.agenda
    assert [g.members for g in agenda.groups] == [["p1", "p2", "p3"], ["p4", "p5", "p6"]]
    assert agenda.roles["p1"] == "speaker" and agenda.roles["p2"] == "coach" and agenda.roles["p3"] == "observer"
    room.advance(12 * 60)
    # The speaker becomes the coach, the coach the observer, the observer the next speaker.
    assert agenda.roles["p1"] == "coach" and agenda.roles["p2"] == "observer" and agenda.roles["p3"] == "speaker"
    room.advance(12 * 60)
    assert agenda.roles["p1"] == "observer"
    rotations = [e for e in room.log if isinstance(e, RolesRotated)]
    assert len(rotations) == 2  # three roles, each played once: two rotations
    room.advance(12 * 60)
    assert phase_id(room) == "triads"  # time is up: the triads finish their sentences
    room.advance(DEFAULT_GRACE)
    assert phase_id(room) == "harvest"


def test_reciprocal_teaching_rotates_four_roles_in_groups_of_four() -> None:
    room = Room(template="reciprocal-teaching", participants=4)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(300)
    seen: dict[str, set[str]] = {f"p{i}": set() for i in range(1, 5)}
    for _ in range(4):
        for member, role in room.state.agenda.roles.items():
            seen[member].add(role)
        room.advance(8 * 60)
    assert all(roles == {"summariser", "questioner", "clarifier", "predictor"} for roles in seen.values())


def test_role_rotation_pauses_with_the_agenda() -> None:
    room = Room(template="coaching-triad", participants=3)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(180 + 600)
    room.do(a.PauseAgenda(actor="fac"))
    room.advance(500)
    room.do(a.ResumeAgenda(actor="fac"))
    assert room.state.agenda.next_rotation_at == room.now + 120


def test_an_odd_one_out_joins_a_pair_rather_than_being_alone() -> None:
    room = Room(template="1-2-4-all", participants=5)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(60)
    assert [len(g.members) for g in room.state.agenda.groups] == [3, 2]


def test_a_talking_stick_phase_in_overtime_can_be_paused_and_its_round_resumes_exactly() -> None:
    room = Room(template="check-in", participants=8)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(610)  # overtime; p7 has the stick since 570 (90 s turn + 5 s grace per member)
    room.do(a.PauseAgenda(actor="fac"))
    assert room.state.agenda.remaining == 0
    room.advance(300)
    room.do(a.ResumeAgenda(actor="fac"))
    turn = room.state.floor.speaker
    assert turn is not None and turn.member_id == "p7" and turn.ends_at == room.now + 50
    room.advance(55 + 95)
    assert room.state.agenda.status is AgendaStatus.FINISHED


def test_extending_during_a_pause_does_not_shift_role_rotation() -> None:
    room = Room(template="coaching-triad", participants=3)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(180 + 600)
    room.do(a.PauseAgenda(actor="fac"))
    room.do(a.ExtendPhase(actor="fac", seconds=300))
    room.advance(50)
    room.do(a.ResumeAgenda(actor="fac"))
    assert room.state.agenda.next_rotation_at == room.now + 120
