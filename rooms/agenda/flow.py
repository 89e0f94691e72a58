"""The agenda's clock: start, pause, resume, extend, skip, back, reset, and moving on by itself.

The server owns every deadline. A phase whose time is up goes into overtime; if it may advance,
it waits a short typing grace for anyone still writing a reflection, then the next phase starts.
"Everyone is ready" and "the round is done" end a phase early the same way. In a talking-stick
phase the round, not the planned time, decides: nobody loses their turn because the clock ran out
(circle practice); the facilitator can still skip.
"""

from __future__ import annotations

from rooms.agenda import commands as c
from rooms.agenda import current_phase
from rooms.agenda import events as e
from rooms.agenda.groups import next_rotation, participants, role_map
from rooms.agenda.phase import Phase, PhaseMode
from rooms.agenda.state import AgendaStatus, PhaseEndReason, TimeUpReason
from rooms.agenda.transitions import require_status
from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.floor import events as floor_events
from rooms.floor.state import RoundEndReason, StickOrder
from rooms.floor.turns import round_order, start_round, stop_round
from rooms.limits import limit
from rooms.rules import Rules
from rooms.spaces.lifecycle import close_spaces, groups_for, holds_return, open_spaces
from rooms.spaces.where import space_of
from rooms.state import RoomState

rules = Rules("agenda.flow", writes=frozenset(()))

#: a MarkTyping counts this long; clients repeat it while the person types
TYPING_TTL = 5.0
#: the longest a phase change waits for people still typing
TYPING_GRACE = 15.0
#: warn this long before a phase's end (a fifth of shorter phases)
PHASE_WARNING = 60.0
MAX_EXTENSION = limit("phase_extension").most


def advances_itself(state: RoomState, phase: Phase) -> bool:
    """Whether the next phase starts by itself after this one: not when the phase, or the whole room
    ("wait for the facilitator between phases"), leaves the step to the facilitator."""
    return phase.auto_advance and not state.settings.wait_between_phases


def phase_warning(phase: Phase) -> float:
    return min(PHASE_WARNING, phase.planned_seconds / 5)


def start_phase(state: RoomState, index: int, now: float, by: str) -> list[Event]:
    """Events that start phase `index`: its clock, its groups and roles, its talking-stick round."""
    phase = state.agenda.phases[index]
    ends_at = now + phase.planned_seconds
    warning = phase_warning(phase)
    groups: list[list[str]] = []
    if phase.mode is PhaseMode.PAIRS:
        groups = groups_for(state, phase)
    out: list[Event] = [
        e.PhaseStarted(
            at=now,
            index=index,
            phase_id=phase.id,
            ends_at=ends_at,
            warn_at=ends_at - warning if warning > 0 else None,
            by=by,
            groups=groups,
            roles=role_map(phase, groups, 0),
            next_rotation_at=next_rotation(phase, now, 0, ends_at) if groups else None,
        ),
        *open_spaces(state, phase, groups, now),
    ]
    if phase.mode is PhaseMode.TALKING_STICK:
        order = round_order(state, StickOrder.ROOM, [], include_facilitators=False)
        if order:
            turn = phase.turn_seconds or max(5.0, phase.planned_seconds / len(order))
            warning_s = min(phase.warning_seconds, turn / 2)
            out.extend(
                start_round(state, now, by, order, StickOrder.ROOM, turn, warning_s, phase.grace_seconds, phase.id)
            )
    return out


def leave_phase(state: RoomState, now: float, reason: PhaseEndReason) -> list[Event]:
    """Events that end the current phase (and any talking-stick round with it)."""
    out = [*close_spaces(state, now), *stop_round(state, now, RoundEndReason.PHASE_ENDED)]
    phase = current_phase(state)
    if phase is not None:
        out.append(e.PhaseEnded(at=now, phase_id=phase.id, reason=reason))
    return out


def advance(state: RoomState, now: float, by: str, reason: PhaseEndReason) -> list[Event]:
    """End the current phase and start the next, or finish the agenda."""
    out = leave_phase(state, now, reason)
    nxt = state.agenda.index + 1
    if nxt < len(state.agenda.phases):
        out.extend(start_phase(state, nxt, now, by))
    else:
        out.append(e.AgendaFinished(at=now))
    return out


def _running_phase(state: RoomState) -> Phase:
    phase = current_phase(state)
    if phase is None:
        raise Rejected(Code.WRONG_STATE, "the agenda is not running")
    return phase


def _still_on(phase: Phase, seen: str | None) -> None:
    """A move "from the phase I see" is refused once the agenda has left it (a repeated click)."""
    if seen is not None and seen != phase.id:
        raise Rejected(Code.CONFLICT, "the agenda has already moved on from that phase")


def _round_running(state: RoomState, phase: Phase) -> bool:
    stick = state.floor.stick
    return stick is not None and stick.phase_id == phase.id


def time_up(state: RoomState, phase: Phase, now: float, reason: TimeUpReason, advance_due: bool) -> e.PhaseTimeUp:
    return e.PhaseTimeUp(
        at=now, phase_id=phase.id, reason=reason, advance_due=advance_due, grace_until=now + TYPING_GRACE
    )


# -- deciders ------------------------------------------------------------------------------------


@rules.decider(c.StartAgenda)
def start_agenda(state: RoomState, cmd: c.StartAgenda, now: float) -> list[Event]:
    require_status(state, cmd)
    if not state.agenda.phases:
        raise Rejected(Code.WRONG_STATE, "the agenda has no phases; load a template or add one")
    return [*stop_round(state, now, RoundEndReason.PHASE_ENDED), *start_phase(state, 0, now, cmd.actor)]


@rules.decider(c.PauseAgenda)
def pause(state: RoomState, cmd: c.PauseAgenda, now: float) -> list[Event]:
    require_status(state, cmd)
    _running_phase(state)
    a = state.agenda
    if a.ends_at is None:
        raise Rejected(Code.WRONG_STATE, "only a running phase can be paused")
    # In overtime nothing is left; resuming brings the phase straight back to its time-up.
    return [e.AgendaPaused(at=now, remaining=max(0.0, a.ends_at - now), by=cmd.actor)]


@rules.decider(c.ResumeAgenda)
def resume(state: RoomState, cmd: c.ResumeAgenda, now: float) -> list[Event]:
    require_status(state, cmd)
    a = state.agenda
    phase = _running_phase(state)
    if a.remaining is None:
        raise Rejected(Code.WRONG_STATE, "the agenda is not paused")
    ends_at = now + a.remaining
    warning = phase_warning(phase)
    warn_at = None if a.warned or warning <= 0 else ends_at - warning
    rotation_at = None
    if a.next_rotation_at is not None and a.paused_at is not None:
        rotation_at = a.next_rotation_at + (now - a.paused_at)
    return [e.AgendaResumed(at=now, ends_at=ends_at, warn_at=warn_at, next_rotation_at=rotation_at, by=cmd.actor)]


@rules.decider(c.ExtendPhase)
def extend(state: RoomState, cmd: c.ExtendPhase, now: float) -> list[Event]:
    if not 1 <= cmd.seconds <= MAX_EXTENSION:
        raise Rejected(Code.BAD_VALUE, f"extend by 1 to {MAX_EXTENSION:g} seconds")
    require_status(state, cmd)
    phase = _running_phase(state)
    a = state.agenda
    warning = phase_warning(phase)
    if a.status is AgendaStatus.PAUSED and a.remaining is not None:
        remaining = a.remaining + cmd.seconds
        return [
            e.PhaseExtended(at=now, seconds=cmd.seconds, ends_at=None, warn_at=None, remaining=remaining, by=cmd.actor)
        ]
    if a.status is AgendaStatus.OVERTIME or a.ends_at is None:
        ends_at = now + cmd.seconds
    else:
        ends_at = a.ends_at + cmd.seconds
    warn_at = ends_at - warning if warning > 0 and ends_at - warning > now else None
    return [
        e.PhaseExtended(at=now, seconds=cmd.seconds, ends_at=ends_at, warn_at=warn_at, remaining=None, by=cmd.actor)
    ]


@rules.decider(c.SkipPhase)
def skip(state: RoomState, cmd: c.SkipPhase, now: float) -> list[Event]:
    require_status(state, cmd)
    _still_on(_running_phase(state), cmd.phase_id)
    return advance(state, now, cmd.actor, PhaseEndReason.SKIPPED)


@rules.decider(c.PreviousPhase)
def back(state: RoomState, cmd: c.PreviousPhase, now: float) -> list[Event]:
    require_status(state, cmd)
    _still_on(_running_phase(state), cmd.phase_id)
    target = max(0, state.agenda.index - 1)
    return [*leave_phase(state, now, PhaseEndReason.BACK), *start_phase(state, target, now, cmd.actor)]


@rules.decider(c.ResetAgenda)
def reset(state: RoomState, cmd: c.ResetAgenda, now: float) -> list[Event]:
    if state.agenda.status is AgendaStatus.IDLE:
        return []
    return [*leave_phase(state, now, PhaseEndReason.RESET), e.AgendaReset(at=now, by=cmd.actor)]


def expected_ready(state: RoomState) -> list[str]:
    """Who must be ready for a phase to end early: the participants present."""
    return participants(state)


@rules.decider(c.MarkReady)
def mark_ready(state: RoomState, cmd: c.MarkReady, now: float) -> list[Event]:
    require_status(state, cmd)
    phase = _running_phase(state)
    a = state.agenda
    if (cmd.actor in a.ready) == cmd.ready:
        return []
    out: list[Event] = [e.ReadyMarked(at=now, member_id=cmd.actor, ready=cmd.ready)]
    ready_now = {*a.ready, cmd.actor} if cmd.ready else set()
    expected = expected_ready(state)
    if (
        cmd.ready
        and a.status is AgendaStatus.RUNNING
        and phase.mode is not PhaseMode.TALKING_STICK
        and expected
        and ready_now.issuperset(expected)
    ):
        out.append(time_up(state, phase, now, TimeUpReason.ALL_READY, advance_due=advances_itself(state, phase)))
    return out


def typing_events(state: RoomState, member_id: str, now: float) -> list[Event]:
    """`member_id` is typing a reflection: the events that make a phase change wait for them.

    Other features call this from their own deciders (a card draft saved counts as typing);
    clients send `MarkTyping` while typing. Repeats are logged only when the last mark is half spent.
    """
    a = state.agenda
    if a.status not in (AgendaStatus.RUNNING, AgendaStatus.OVERTIME, AgendaStatus.PAUSED):
        return []
    if a.typing.get(member_id, 0.0) - now > TYPING_TTL / 2:
        return []
    return [e.TypingMarked(at=now, member_id=member_id, until=now + TYPING_TTL, space=space_of(state, member_id))]


@rules.decider(c.MarkTyping)
def mark_typing(state: RoomState, cmd: c.MarkTyping, now: float) -> list[Event]:
    return typing_events(state, cmd.actor, now)


# -- time ----------------------------------------------------------------------------------------


@rules.tick_rule
def agenda_clock(state: RoomState, now: float) -> list[Event]:
    a = state.agenda
    phase = current_phase(state)
    if phase is None:
        return []
    out: list[Event] = []
    if a.status is AgendaStatus.RUNNING and a.ends_at is not None:
        if a.next_rotation_at is not None and now >= a.next_rotation_at:
            rotation = a.rotation + 1
            groups = [g.members for g in a.groups]
            out.append(
                e.RolesRotated(
                    at=now,
                    rotation=rotation,
                    roles=role_map(phase, groups, rotation),
                    next_rotation_at=next_rotation(phase, a.next_rotation_at, rotation, a.ends_at),
                )
            )
        if now >= a.ends_at:
            # A talking-stick phase waits for its round: everyone keeps their turn.
            due = advances_itself(state, phase) and not _round_running(state, phase)
            out.append(time_up(state, phase, now, TimeUpReason.TIME, advance_due=due))
        elif a.warn_at is not None and not a.warned and now >= a.warn_at:
            out.append(e.PhaseWarned(at=now, phase_id=phase.id, ends_at=a.ends_at))
    elif a.status is AgendaStatus.OVERTIME and a.advance_due and not holds_return(state):
        typing = any(until > now for until in a.typing.values())
        if not typing or (a.grace_until is not None and now >= a.grace_until):
            out.extend(advance(state, now, "", PhaseEndReason.TIME_UP))
    return out


@rules.deadline_rule
def agenda_deadline(state: RoomState) -> float | None:
    a = state.agenda
    if a.status is AgendaStatus.RUNNING and a.ends_at is not None:
        times = [a.ends_at]
        if a.warn_at is not None and not a.warned:
            times.append(a.warn_at)
        if a.next_rotation_at is not None:
            times.append(a.next_rotation_at)
        return min(times)
    if a.status is AgendaStatus.OVERTIME and a.advance_due and a.time_up_at is not None:
        if holds_return(state):
            return None  # the groups' return (rooms/spaces) comes first; its own deadline wakes us
        later = [until for until in a.typing.values() if until > a.time_up_at]
        if not later:
            return a.time_up_at
        return min(a.grace_until or a.time_up_at, max(later))
    return None


@rules.reaction(floor_events.StickRoundEnded)
def round_completed(state: RoomState, ev: floor_events.StickRoundEnded) -> list[Event]:
    """A talking-stick phase whose round is done is over (after the typing grace)."""
    phase = current_phase(state)
    a = state.agenda
    stick = state.floor.stick
    if ev.space or ev.reason is not RoundEndReason.COMPLETED or phase is None:
        return []  # a small group's own round ends only that group's turns, not the phase
    if stick is None or stick.phase_id != phase.id:
        return []
    if a.status not in (AgendaStatus.RUNNING, AgendaStatus.OVERTIME) or (
        a.status is AgendaStatus.OVERTIME and a.advance_due
    ):
        return []
    return [time_up(state, phase, ev.at, TimeUpReason.ROUND_COMPLETED, advance_due=advances_itself(state, phase))]


@rules.departure_rule
def ready_after_departure(state: RoomState, member_id: str, now: float) -> list[Event]:
    """If the only one not ready leaves, everyone left is ready: the phase ends early."""
    a = state.agenda
    phase = current_phase(state)
    if phase is None or a.status is not AgendaStatus.RUNNING or phase.mode is PhaseMode.TALKING_STICK:
        return []
    expected = [m for m in expected_ready(state) if m != member_id]
    if expected and set(a.ready).issuperset(expected):
        return [time_up(state, phase, now, TimeUpReason.ALL_READY, advance_due=advances_itself(state, phase))]
    return []
