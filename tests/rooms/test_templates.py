"""Protocol templates as data: the built-ins, the TOML format, choosing one at creation, custom agendas."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.agenda import PhaseMode
from rooms.agenda import commands as a
from rooms.agenda.templates import TEMPLATES, parse_template
from rooms.membership.commands import CreateRoom
from rooms.state import RoomSettings, RoomState
from tests.rooms.room import Room


def test_every_built_in_protocol_is_there() -> None:
    assert set(TEMPLATES) == {"check-in", "aar", "coaching-triad", "reciprocal-teaching", "t-group", "1-2-4-all"}


def test_the_after_action_review_asks_its_four_questions_in_order() -> None:
    titles = [p.title for p in TEMPLATES["aar"].phases]
    assert titles == [
        "What was supposed to happen?",
        "What actually happened?",
        "Why was there a difference?",
        "What will we do differently?",
    ]
    assert all(p.mode is PhaseMode.TALKING_STICK for p in TEMPLATES["aar"].phases)


def test_a_t_group_checks_in_and_out_around_open_work() -> None:
    modes = [p.mode for p in TEMPLATES["t-group"].phases]
    assert modes == [PhaseMode.TALKING_STICK, PhaseMode.OPEN, PhaseMode.TALKING_STICK]


def test_one_two_four_all_goes_alone_pairs_fours_all() -> None:
    sizes = [p.group_size for p in TEMPLATES["1-2-4-all"].phases]
    assert sizes == [0, 2, 4, 0]


def test_a_room_created_with_a_template_starts_with_its_agenda() -> None:
    room = Room(template="aar")
    assert room.state.agenda.template == "aar"
    assert [p.id for p in room.state.agenda.phases] == ["intended", "actual", "difference", "lessons"]
    assert room.types()[:2] == ["RoomCreated", "AgendaLoaded"]


def test_a_room_with_an_unknown_template_is_not_created() -> None:
    from rooms import decide

    state = RoomState(room_id="r")
    with pytest.raises(Rejected) as exc:
        decide(state, CreateRoom(actor="", title="x", settings=RoomSettings(template="nope")), 0.0)
    assert exc.value.code == "bad_value" and "aar" in exc.value.detail


def test_a_facilitator_loads_another_protocol_by_name() -> None:
    room = Room(participants=1)
    room.do(a.LoadTemplate(actor="fac", name="1-2-4-all"))
    assert [p.id for p in room.state.agenda.phases] == ["one", "two", "four", "all"]


def test_a_running_agenda_is_not_replaced() -> None:
    room = Room(template="aar", participants=1)
    room.do(a.StartAgenda(actor="fac"))
    with pytest.raises(Rejected) as exc:
        room.do(a.LoadTemplate(actor="fac", name="check-in"))
    assert exc.value.code == "wrong_state"


def test_a_template_in_toml_sets_minutes_seconds_and_prompts() -> None:
    template = parse_template(
        """
        title = "Retro"
        [[phases]]
        title = "Gather"
        minutes = 2.5
        prompts = ["Start", "Stop", "Continue"]
        anonymous = true
        [[phases]]
        title = "Decide"
        seconds = 90
        mode = "open"
        """
    )
    gather, decide_ = template.phases
    assert gather.planned_seconds == 150 and gather.prompts == ["Start", "Stop", "Continue"] and gather.anonymous
    assert decide_.planned_seconds == 90 and decide_.id == "phase-2"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not = [valid", "not valid TOML"),
        ("title = 'no phases'", "at least one"),
        ("[[phases]]\ntitle = 'x'\nmode = 'dance'", "mode must be"),
        ("[[phases]]\ntitle = 'x'\nminutes = -1", "minutes must be"),
        ("[[phases]]\ntitle = 'x'\ncolour = 'red'", "unknown keys"),
        ("[[phases]]\nprompt = 'no title'", "needs a title"),
        ("[[phases]]\ntitle = 'x'\nmode = 'pairs'\ngroup_size = 1", "group_size"),
        ("[[phases]]\nid = 'a'\ntitle = 'x'\n[[phases]]\nid = 'a'\ntitle = 'y'", "unique"),
    ],
)
def test_a_bad_template_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(Rejected) as exc:
        parse_template(text)
    assert problem in exc.value.detail


def test_a_facilitator_builds_a_custom_agenda_in_the_room() -> None:
    room = Room(participants=2)
    room.do(a.AddPhase(actor="fac", title="Warm-up", seconds=120))
    room.do(a.AddPhase(actor="fac", title="Round", mode=PhaseMode.TALKING_STICK, seconds=600, turn_seconds=60))
    room.do(a.AddPhase(actor="fac", title="Opening", seconds=60, position=0))
    titles = [p.title for p in room.state.agenda.phases]
    assert titles == ["Opening", "Warm-up", "Round"]
    round_id = room.state.agenda.phases[2].id
    room.do(a.MovePhase(actor="fac", phase_id=round_id, position=1))
    room.do(a.RemovePhase(actor="fac", phase_id=room.state.agenda.phases[0].id))
    assert [p.title for p in room.state.agenda.phases] == ["Round", "Warm-up"]
    room.do(a.StartAgenda(actor="fac"))
    assert room.state.floor.stick is not None


def test_the_current_phase_cannot_be_removed_but_others_can_be_edited_while_running() -> None:
    room = Room(template="aar", participants=1)
    room.do(a.StartAgenda(actor="fac"))
    room.do(a.SkipPhase(actor="fac"))
    with pytest.raises(Rejected):
        room.do(a.RemovePhase(actor="fac", phase_id="actual"))
    room.do(a.RemovePhase(actor="fac", phase_id="intended"))
    assert room.state.agenda.index == 0 and room.state.agenda.phases[0].id == "actual"
    room.do(a.MovePhase(actor="fac", phase_id="lessons", position=0))
    assert room.state.agenda.phases[room.state.agenda.index].id == "actual"


def test_a_pasted_template_is_loaded_into_the_room() -> None:
    room = Room()
    room.do(a.LoadTemplate(actor="fac", toml="[[phases]]\ntitle = 'Only'\nseconds = 30"))
    assert [p.title for p in room.state.agenda.phases] == ["Only"] and room.state.agenda.template == ""


def test_a_facilitator_rewrites_an_upcoming_phase_in_place() -> None:
    room = Room(template="aar", participants=1)
    room.do(a.StartAgenda(actor="fac"))
    room.do(a.UpdatePhase(actor="fac", phase_id="lessons", title="Lessons", seconds=120, prompts=["Keep", "Change"]))
    lessons = room.state.agenda.phases[3]
    assert (lessons.id, lessons.title, lessons.planned_seconds, lessons.prompts) == (
        "lessons",
        "Lessons",
        120,
        ["Keep", "Change"],
    )
    with pytest.raises(Rejected):
        room.do(a.UpdatePhase(actor="fac", phase_id="intended", title="Now"))
