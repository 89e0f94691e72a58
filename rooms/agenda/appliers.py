"""How agenda events change the state (the only place they do)."""

from __future__ import annotations

from rooms.agenda import events as e
from rooms.agenda.phase import Phase
from rooms.agenda.state import AgendaState, AgendaStatus, Group
from rooms.agenda.transitions import next_status
from rooms.errors import ImpossibleEvent
from rooms.floor.airtime import bank
from rooms.floor.appliers import freeze_turn, thaw_turn
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("agenda.appliers", writes=frozenset(("agenda", "floor")))


def _clear_phase(a: AgendaState) -> None:
    a.ends_at = a.warn_at = a.remaining = a.paused_at = a.time_up_at = a.grace_until = a.next_rotation_at = None
    a.warned = a.advance_due = False
    a.ready = []
    a.typing = {}
    a.groups = []
    a.roles = {}
    a.rotation = 0


def _leave_pause(state: RoomState, at: float) -> None:
    if state.agenda.status is AgendaStatus.PAUSED:
        thaw_turn(state, at)


@rules.applier(e.AgendaLoaded)
def agenda_loaded(state: RoomState, ev: e.AgendaLoaded) -> None:
    a = state.agenda
    a.phases = list(ev.phases)
    a.template = ev.template
    a.index = -1
    a.status = next_status(a.status, ev)
    _clear_phase(a)


def _keep_current(state: RoomState, change: list[Phase]) -> None:
    """Edit the phase list while keeping `index` on the same (current) phase."""
    a = state.agenda
    current = a.phases[a.index].id if 0 <= a.index < len(a.phases) else None
    a.phases = change
    if current is not None:
        a.index = next(i for i, p in enumerate(change) if p.id == current)


@rules.applier(e.PhaseAdded)
def phase_added(state: RoomState, ev: e.PhaseAdded) -> None:
    phases = list(state.agenda.phases)
    phases.insert(ev.position, ev.phase)
    _keep_current(state, phases)
    state.agenda.template = ""


@rules.applier(e.PhaseUpdated)
def phase_updated(state: RoomState, ev: e.PhaseUpdated) -> None:
    state.agenda.phases = [ev.phase if p.id == ev.phase.id else p for p in state.agenda.phases]
    state.agenda.template = ""


@rules.applier(e.PhaseRemoved)
def phase_removed(state: RoomState, ev: e.PhaseRemoved) -> None:
    _keep_current(state, [p for p in state.agenda.phases if p.id != ev.phase_id])
    state.agenda.template = ""


@rules.applier(e.PhaseMoved)
def phase_moved(state: RoomState, ev: e.PhaseMoved) -> None:
    phases = list(state.agenda.phases)
    moving = next(p for p in phases if p.id == ev.phase_id)
    phases.remove(moving)
    phases.insert(ev.position, moving)
    _keep_current(state, phases)
    state.agenda.template = ""


@rules.applier(e.PhaseStarted)
def phase_started(state: RoomState, ev: e.PhaseStarted) -> None:
    _leave_pause(state, ev.at)
    a = state.agenda
    _clear_phase(a)
    a.index = ev.index
    a.status = next_status(a.status, ev)
    a.phase_started_at = ev.at
    a.ends_at = ev.ends_at
    a.warn_at = ev.warn_at
    a.groups = [Group(members=list(g)) for g in ev.groups]
    a.roles = dict(ev.roles)
    a.next_rotation_at = ev.next_rotation_at
    # Someone speaking across the change: their airtime so far belongs to the old phase.
    turn = state.floor.speaker
    if turn is not None:
        bank(state, ev.at)
        turn.phase_id = ev.phase_id


@rules.applier(e.PhaseWarned)
def phase_warned(state: RoomState, ev: e.PhaseWarned) -> None:
    state.agenda.warned = True


@rules.applier(e.PhaseTimeUp)
def phase_time_up(state: RoomState, ev: e.PhaseTimeUp) -> None:
    a = state.agenda
    if a.status not in (AgendaStatus.RUNNING, AgendaStatus.OVERTIME) or (
        a.status is AgendaStatus.OVERTIME and a.advance_due
    ):
        # Already moving on (or not running): a second time-up is a rule's bug, not news.
        raise ImpossibleEvent(f"PhaseTimeUp while the agenda is {a.status.value}")
    a.status = next_status(a.status, ev)
    a.warned = True
    a.time_up_at = ev.at
    a.advance_due = ev.advance_due
    a.grace_until = ev.grace_until


@rules.applier(e.PhaseEnded)
def phase_ended(state: RoomState, ev: e.PhaseEnded) -> None:
    # The next event (PhaseStarted, AgendaFinished or AgendaReset) sets the new status.
    state.agenda.ready = []


@rules.applier(e.AgendaFinished)
def agenda_finished(state: RoomState, ev: e.AgendaFinished) -> None:
    _leave_pause(state, ev.at)
    a = state.agenda
    _clear_phase(a)
    a.status = next_status(a.status, ev)
    a.index = len(a.phases)
    _rebank(state, ev.at)


def stop_agenda(state: RoomState, at: float) -> None:
    """The session ended mid-agenda: the clock stops and `index` keeps the phase it ended in (so the
    record shows how far the group got); an agenda never started stays idle."""
    a = state.agenda
    if a.status is AgendaStatus.IDLE:
        return
    _leave_pause(state, at)
    _clear_phase(a)
    a.status = AgendaStatus.FINISHED


@rules.applier(e.AgendaReset)
def agenda_reset(state: RoomState, ev: e.AgendaReset) -> None:
    _leave_pause(state, ev.at)
    a = state.agenda
    _clear_phase(a)
    a.status = next_status(a.status, ev)
    a.index = -1
    _rebank(state, ev.at)


def _rebank(state: RoomState, at: float) -> None:
    """An open-floor speaker outlasting the agenda now speaks outside any phase."""
    turn = state.floor.speaker
    if turn is not None:
        bank(state, at)
        turn.phase_id = ""


@rules.applier(e.AgendaPaused)
def agenda_paused(state: RoomState, ev: e.AgendaPaused) -> None:
    a = state.agenda
    a.status = next_status(a.status, ev)
    a.remaining = ev.remaining
    a.paused_at = ev.at
    freeze_turn(state, ev.at)


@rules.applier(e.AgendaResumed)
def agenda_resumed(state: RoomState, ev: e.AgendaResumed) -> None:
    a = state.agenda
    thaw_turn(state, ev.at)
    a.status = next_status(a.status, ev)
    a.remaining = a.paused_at = None
    a.ends_at = ev.ends_at
    a.warn_at = ev.warn_at
    a.next_rotation_at = ev.next_rotation_at


@rules.applier(e.PhaseExtended)
def phase_extended(state: RoomState, ev: e.PhaseExtended) -> None:
    a = state.agenda
    a.status = next_status(a.status, ev)
    if ev.remaining is not None:
        a.remaining = ev.remaining
        return
    a.ends_at = ev.ends_at
    a.warn_at = ev.warn_at
    a.warned = ev.warn_at is None
    a.time_up_at = a.grace_until = None
    a.advance_due = False


@rules.applier(e.ReadyMarked)
def ready_marked(state: RoomState, ev: e.ReadyMarked) -> None:
    ready = state.agenda.ready
    if ev.ready and ev.member_id not in ready:
        ready.append(ev.member_id)
    elif not ev.ready and ev.member_id in ready:
        ready.remove(ev.member_id)


@rules.applier(e.TypingMarked)
def typing_marked(state: RoomState, ev: e.TypingMarked) -> None:
    state.agenda.typing[ev.member_id] = ev.until


@rules.applier(e.RolesRotated)
def roles_rotated(state: RoomState, ev: e.RolesRotated) -> None:
    a = state.agenda
    a.rotation = ev.rotation
    a.roles = dict(ev.roles)
    a.next_rotation_at = ev.next_rotation_at
