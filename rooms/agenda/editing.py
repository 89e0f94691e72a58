"""Building the agenda: a built-in protocol, one pasted as TOML, or phases added by hand.

A room created with `RoomSettings.template` starts with that template's phases (the creation rule
below); a facilitator can load another, or edit the agenda, whenever it is not running.
"""

from __future__ import annotations

from rooms.agenda import commands as c
from rooms.agenda import events as e
from rooms.agenda.phase import Phase, PhaseMode
from rooms.agenda.state import AgendaStatus
from rooms.agenda.templates import MAX_PHASES, parse_phase, parse_template, template_phases
from rooms.agenda.transitions import require_status
from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.rules import Rules
from rooms.state import RoomSettings, RoomState

rules = Rules("agenda.editing", writes=frozenset(()))

TOML_MAX = limit("template_toml").n


@rules.creation_rule
def load_room_template(state: RoomState, settings: RoomSettings, now: float) -> list[Event]:
    if not settings.template:
        return []
    phases = template_phases(settings.template)
    return [e.AgendaLoaded(at=now, template=settings.template, phases=phases, by="")]


@rules.decider(c.LoadTemplate)
def load_template(state: RoomState, cmd: c.LoadTemplate, now: float) -> list[Event]:
    require_status(state, cmd)
    if bool(cmd.name) == bool(cmd.toml):
        raise Rejected(Code.BAD_VALUE, "give either a template name or TOML text")
    if cmd.name:
        return [e.AgendaLoaded(at=now, template=cmd.name, phases=template_phases(cmd.name), by=cmd.actor)]
    if len(cmd.toml) > TOML_MAX:
        raise Rejected(Code.TOO_LONG, f"a template is at most {TOML_MAX} characters")
    template = parse_template(cmd.toml)
    return [e.AgendaLoaded(at=now, template="", phases=template.phases, by=cmd.actor)]


def _position(state: RoomState, position: int, extra: int) -> int:
    size = len(state.agenda.phases) + extra
    if position == -1:
        return size - 1 if extra == 0 else size
    if not 0 <= position <= size - (1 if extra == 0 else 0):
        raise Rejected(Code.BAD_VALUE, f"position must be between 0 and {size}")
    return position


def _not_current(state: RoomState, phase_id: str) -> int:
    ids = [p.id for p in state.agenda.phases]
    if phase_id not in ids:
        raise Rejected(Code.NOT_FOUND, "no such phase")
    index = ids.index(phase_id)
    if index == state.agenda.index and state.agenda.status not in (AgendaStatus.IDLE, AgendaStatus.FINISHED):
        raise Rejected(Code.WRONG_STATE, "the current phase cannot be changed; skip it first")
    return index


def _phase(cmd: c.AddPhase | c.UpdatePhase, phase_id: str) -> Phase:
    """The phase a facilitator described, checked by the same rules as a template's."""
    raw = {
        "id": phase_id,
        "title": cmd.title,
        "prompt": cmd.prompt,
        "mode": cmd.mode.value,
        "seconds": cmd.seconds,
        "anonymous": cmd.anonymous,
        "prompts": list(cmd.prompts),
        "auto_advance": cmd.auto_advance,
        "turn_seconds": cmd.turn_seconds,
        "roles": list(cmd.roles),
        "rotate_seconds": cmd.rotate_seconds,
        "group_floor": cmd.group_floor.value,
    }
    if cmd.group_size or cmd.mode is PhaseMode.PAIRS:
        raw["group_size"] = cmd.group_size or 2
    return parse_phase(raw, phase_id)


@rules.decider(c.AddPhase)
def add_phase(state: RoomState, cmd: c.AddPhase, now: float) -> list[Event]:
    if len(state.agenda.phases) >= MAX_PHASES:
        raise Rejected(Code.LIMIT, f"an agenda has at most {MAX_PHASES} phases")
    ids = {p.id for p in state.agenda.phases}
    phase_id = f"p{state.seq + 1}"
    while phase_id in ids:
        phase_id += "x"
    phase = _phase(cmd, phase_id)
    position = _position(state, cmd.position, 1)
    return [e.PhaseAdded(at=now, phase=phase, position=position, by=cmd.actor)]


@rules.decider(c.UpdatePhase)
def update_phase(state: RoomState, cmd: c.UpdatePhase, now: float) -> list[Event]:
    _not_current(state, cmd.phase_id)
    return [e.PhaseUpdated(at=now, phase=_phase(cmd, cmd.phase_id), by=cmd.actor)]


@rules.decider(c.RemovePhase)
def remove_phase(state: RoomState, cmd: c.RemovePhase, now: float) -> list[Event]:
    _not_current(state, cmd.phase_id)
    return [e.PhaseRemoved(at=now, phase_id=cmd.phase_id, by=cmd.actor)]


@rules.decider(c.MovePhase)
def move_phase(state: RoomState, cmd: c.MovePhase, now: float) -> list[Event]:
    index = _not_current(state, cmd.phase_id)
    position = _position(state, cmd.position, 0)
    if position == index:
        return []
    return [e.PhaseMoved(at=now, phase_id=cmd.phase_id, position=position, by=cmd.actor)]
