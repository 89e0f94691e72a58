"""How turn and talking-stick events change the floor (the only place they do).

Pausing the agenda freezes the speaker's time box and airtime (`freeze_turn`); resuming moves
every deadline of the turn by the length of the pause (`thaw_turn`), so no second is lost or gained.
"""

from __future__ import annotations

from rooms.errors import ImpossibleEvent
from rooms.floor import events as e
from rooms.floor.airtime import bank
from rooms.floor.state import StickRound, Turn, TurnEndReason
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("floor.appliers", writes=frozenset(("floor",)))


def _speaking(state: RoomState, member_id: str, what: str) -> Turn:
    """The current turn, which must be `member_id`'s: an event about another turn cannot happen."""
    turn = state.floor.speaker
    if turn is None or turn.member_id != member_id:
        raise ImpossibleEvent(f"{what} for {member_id!r}, who does not have the floor")
    return turn


def _round(state: RoomState, what: str) -> StickRound:
    stick = state.floor.stick
    if stick is None:
        raise ImpossibleEvent(f"{what} without a talking-stick round")
    return stick


def freeze_turn(state: RoomState, at: float) -> None:
    """The agenda paused: the speaker's time box and airtime stop."""
    turn = state.floor.speaker
    if turn is not None and turn.paused_at is None:
        bank(state, at)
        turn.paused_at = at


def thaw_turn(state: RoomState, at: float) -> None:
    """The agenda resumed: every deadline of the turn moves by the length of the pause."""
    turn = state.floor.speaker
    if turn is None or turn.paused_at is None:
        return
    shift = at - turn.paused_at
    turn.ends_at = None if turn.ends_at is None else turn.ends_at + shift
    turn.warn_at = None if turn.warn_at is None else turn.warn_at + shift
    turn.handover_at = None if turn.handover_at is None else turn.handover_at + shift
    turn.paused_at = None
    turn.since = at


@rules.applier(e.TurnStarted)
def turn_started_applier(state: RoomState, ev: e.TurnStarted) -> None:
    state.floor.speaker = Turn(
        member_id=ev.member_id,
        started_at=ev.at,
        phase_id=ev.phase_id,
        since=ev.at,
        ends_at=ev.ends_at,
        warn_at=ev.warn_at,
        handover_at=ev.handover_at,
        stick=ev.stick,
    )
    stick = state.floor.stick
    if ev.stick and stick is not None and ev.member_id in stick.order:
        stick.next_index = stick.order.index(ev.member_id) + 1
    if state.agenda.status.value == "paused":
        freeze_turn(state, ev.at)


@rules.applier(e.TurnWarned)
def turn_warned(state: RoomState, ev: e.TurnWarned) -> None:
    _speaking(state, ev.member_id, "TurnWarned").warned = True


@rules.applier(e.TurnTimeUp)
def turn_time_up(state: RoomState, ev: e.TurnTimeUp) -> None:
    turn = _speaking(state, ev.member_id, "TurnTimeUp")
    turn.warned = True
    turn.time_up = True


@rules.applier(e.TurnExtended)
def turn_extended(state: RoomState, ev: e.TurnExtended) -> None:
    turn = _speaking(state, ev.member_id, "TurnExtended")
    turn.ends_at, turn.warn_at, turn.handover_at = ev.ends_at, ev.warn_at, ev.handover_at
    turn.time_up = False
    # While paused the deadlines still move by the pause's length at resume (see thaw_turn).
    turn.warned = ev.warn_at is None


@rules.applier(e.TurnEnded)
def turn_ended(state: RoomState, ev: e.TurnEnded) -> None:
    turn = _speaking(state, ev.member_id, "TurnEnded")
    bank(state, ev.at)
    stick = state.floor.stick
    if turn.stick and stick is not None and ev.member_id not in stick.done:
        stick.done.append(ev.member_id)
        if ev.reason is TurnEndReason.PASSED:
            stick.passed.append(ev.member_id)
    state.floor.speaker = None


@rules.applier(e.StickPassed)
def stick_passed(state: RoomState, ev: e.StickPassed) -> None:
    stick = _round(state, "StickPassed")
    if ev.member_id in stick.done:
        raise ImpossibleEvent(f"{ev.member_id!r} passed after their turn in this round")
    stick.passed.append(ev.member_id)
    stick.done.append(ev.member_id)


@rules.applier(e.StickRoundStarted)
def stick_round_started(state: RoomState, ev: e.StickRoundStarted) -> None:
    if state.floor.stick is not None:
        raise ImpossibleEvent("a talking-stick round started while another runs")
    state.floor.stick = StickRound(
        order=list(ev.order),
        how=ev.how,
        turn_seconds=ev.turn_seconds,
        warning_seconds=ev.warning_seconds,
        grace_seconds=ev.grace_seconds,
        phase_id=ev.phase_id,
        include_facilitators=ev.include_facilitators,
    )


@rules.applier(e.StickRoundEnded)
def stick_round_ended(state: RoomState, ev: e.StickRoundEnded) -> None:
    _round(state, "StickRoundEnded")
    turn = state.floor.speaker
    if turn is not None and turn.stick:
        bank(state, ev.at)
        state.floor.speaker = None
    state.floor.stick = None


@rules.applier(e.StickRoundJoined)
def stick_round_joined(state: RoomState, ev: e.StickRoundJoined) -> None:
    stick = _round(state, "StickRoundJoined")
    if ev.member_id in stick.order:
        raise ImpossibleEvent(f"{ev.member_id!r} joined a round they are already in")
    stick.order.append(ev.member_id)
