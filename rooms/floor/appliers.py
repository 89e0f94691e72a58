"""How turn and talking-stick events change the floor (the only place they do).

Pausing the agenda freezes the speaker's time box and airtime (`freeze_turn`); resuming moves
every deadline of the turn by the length of the pause (`thaw_turn`), so no second is lost or gained.
"""

from __future__ import annotations

from rooms.core import applier
from rooms.floor import events as e
from rooms.floor.airtime import bank
from rooms.floor.state import StickRound, Turn, TurnEndReason
from rooms.state import RoomState


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


@applier(e.TurnStarted)
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


@applier(e.TurnWarned)
def turn_warned(state: RoomState, ev: e.TurnWarned) -> None:
    if state.floor.speaker is not None:
        state.floor.speaker.warned = True


@applier(e.TurnTimeUp)
def turn_time_up(state: RoomState, ev: e.TurnTimeUp) -> None:
    if state.floor.speaker is not None:
        state.floor.speaker.warned = True
        state.floor.speaker.time_up = True


@applier(e.TurnExtended)
def turn_extended(state: RoomState, ev: e.TurnExtended) -> None:
    turn = state.floor.speaker
    if turn is None:
        return
    turn.ends_at, turn.warn_at, turn.handover_at = ev.ends_at, ev.warn_at, ev.handover_at
    turn.time_up = False
    # While paused the deadlines still move by the pause's length at resume (see thaw_turn).
    turn.warned = ev.warn_at is None


@applier(e.TurnEnded)
def turn_ended(state: RoomState, ev: e.TurnEnded) -> None:
    turn = state.floor.speaker
    if turn is None or turn.member_id != ev.member_id:
        return
    bank(state, ev.at)
    stick = state.floor.stick
    if turn.stick and stick is not None and ev.member_id not in stick.done:
        stick.done.append(ev.member_id)
        if ev.reason is TurnEndReason.PASSED:
            stick.passed.append(ev.member_id)
    state.floor.speaker = None


@applier(e.StickPassed)
def stick_passed(state: RoomState, ev: e.StickPassed) -> None:
    stick = state.floor.stick
    if stick is not None:
        stick.passed.append(ev.member_id)
        stick.done.append(ev.member_id)


@applier(e.StickRoundStarted)
def stick_round_started(state: RoomState, ev: e.StickRoundStarted) -> None:
    state.floor.stick = StickRound(
        order=list(ev.order),
        how=ev.how,
        turn_seconds=ev.turn_seconds,
        warning_seconds=ev.warning_seconds,
        grace_seconds=ev.grace_seconds,
        phase_id=ev.phase_id,
        include_facilitators=ev.include_facilitators,
    )


@applier(e.StickRoundEnded)
def stick_round_ended(state: RoomState, ev: e.StickRoundEnded) -> None:
    turn = state.floor.speaker
    if turn is not None and turn.stick:
        bank(state, ev.at)
        state.floor.speaker = None
    state.floor.stick = None


@applier(e.StickRoundJoined)
def stick_round_joined(state: RoomState, ev: e.StickRoundJoined) -> None:
    stick = state.floor.stick
    if stick is not None and ev.member_id not in stick.order:
        stick.order.append(ev.member_id)
