"""How turn and talking-stick events change the floor (the only place they do).

Pausing the agenda freezes the speaker's time box and airtime (`freeze_turn`); resuming moves
every deadline of the turn by the length of the pause (`thaw_turn`), so no second is lost or gained.
"""

from __future__ import annotations

from rooms.errors import ImpossibleEvent
from rooms.floor import events as e
from rooms.floor.airtime import bank
from rooms.floor.state import Floor, StickRound, Turn, TurnEndReason
from rooms.floor.where import floor_of, floors
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("floor.appliers", writes=frozenset(("floor",)))


def _speaking(floor: Floor, member_id: str, what: str) -> Turn:
    """The floor's current turn, which must be `member_id`'s: an event about another turn cannot happen."""
    turn = floor.speaker
    if turn is None or turn.member_id != member_id:
        raise ImpossibleEvent(f"{what} for {member_id!r}, who does not have the floor")
    return turn


def _round(floor: Floor, what: str) -> StickRound:
    stick = floor.stick
    if stick is None:
        raise ImpossibleEvent(f"{what} without a talking-stick round")
    return stick


def freeze_turn(state: RoomState, at: float) -> None:
    """The agenda paused: every speaker's time box and airtime stop (each group's floor too)."""
    for _, floor in floors(state):
        _freeze(state, floor, at)


def _freeze(state: RoomState, floor: Floor, at: float) -> None:
    turn = floor.speaker
    if turn is not None and turn.paused_at is None:
        bank(state, at, floor)
        turn.paused_at = at


def thaw_turn(state: RoomState, at: float) -> None:
    """The agenda resumed: every deadline of every turn moves by the length of the pause."""
    for _, floor in floors(state):
        _thaw(floor, at)


def _thaw(floor: Floor, at: float) -> None:
    turn = floor.speaker
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
    floor = floor_of(state, ev.space)
    floor.speaker = Turn(
        member_id=ev.member_id,
        started_at=ev.at,
        phase_id=ev.phase_id,
        since=ev.at,
        ends_at=ev.ends_at,
        warn_at=ev.warn_at,
        handover_at=ev.handover_at,
        stick=ev.stick,
    )
    stick = floor.stick
    if ev.stick and stick is not None and ev.member_id in stick.order:
        stick.next_index = stick.order.index(ev.member_id) + 1
    if state.agenda.status.value == "paused":
        _freeze(state, floor, ev.at)


@rules.applier(e.TurnWarned)
def turn_warned(state: RoomState, ev: e.TurnWarned) -> None:
    _speaking(floor_of(state, ev.space), ev.member_id, "TurnWarned").warned = True


@rules.applier(e.TurnTimeUp)
def turn_time_up(state: RoomState, ev: e.TurnTimeUp) -> None:
    turn = _speaking(floor_of(state, ev.space), ev.member_id, "TurnTimeUp")
    turn.warned = True
    turn.time_up = True


@rules.applier(e.TurnExtended)
def turn_extended(state: RoomState, ev: e.TurnExtended) -> None:
    turn = _speaking(floor_of(state, ev.space), ev.member_id, "TurnExtended")
    turn.ends_at, turn.warn_at, turn.handover_at = ev.ends_at, ev.warn_at, ev.handover_at
    turn.time_up = False
    # While paused the deadlines still move by the pause's length at resume (see thaw_turn).
    turn.warned = ev.warn_at is None


@rules.applier(e.TurnEnded)
def turn_ended(state: RoomState, ev: e.TurnEnded) -> None:
    floor = floor_of(state, ev.space)
    turn = _speaking(floor, ev.member_id, "TurnEnded")
    bank(state, ev.at, floor)
    stick = floor.stick
    if turn.stick and stick is not None and ev.member_id not in stick.done:
        stick.done.append(ev.member_id)
        if ev.reason is TurnEndReason.PASSED:
            stick.passed.append(ev.member_id)
    floor.speaker = None


@rules.applier(e.StickPassed)
def stick_passed(state: RoomState, ev: e.StickPassed) -> None:
    stick = _round(floor_of(state, ev.space), "StickPassed")
    if ev.member_id in stick.done:
        raise ImpossibleEvent(f"{ev.member_id!r} passed after their turn in this round")
    stick.passed.append(ev.member_id)
    stick.done.append(ev.member_id)


@rules.applier(e.StickRoundStarted)
def stick_round_started(state: RoomState, ev: e.StickRoundStarted) -> None:
    floor = floor_of(state, ev.space)
    if floor.stick is not None:
        raise ImpossibleEvent("a talking-stick round started while another runs")
    floor.stick = StickRound(
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
    floor = floor_of(state, ev.space)
    _round(floor, "StickRoundEnded")
    turn = floor.speaker
    if turn is not None and turn.stick:
        bank(state, ev.at, floor)
        floor.speaker = None
    floor.stick = None


@rules.applier(e.StickRoundJoined)
def stick_round_joined(state: RoomState, ev: e.StickRoundJoined) -> None:
    stick = _round(floor_of(state, ev.space), "StickRoundJoined")
    if ev.member_id in stick.order:
        raise ImpossibleEvent(f"{ev.member_id!r} joined a round they are already in")
    stick.order.append(ev.member_id)


@rules.applier(e.FloorOpened)
def floor_opened(state: RoomState, ev: e.FloorOpened) -> None:
    if ev.space in state.floor.spaces or not ev.space:
        raise ImpossibleEvent(f"space {ev.space!r} already has a floor")
    state.floor.spaces[ev.space] = Floor()


@rules.applier(e.FloorClosed)
def floor_closed(state: RoomState, ev: e.FloorClosed) -> None:
    floor = floor_of(state, ev.space)
    if floor.speaker is not None or floor.stick is not None or floor.hands:
        raise ImpossibleEvent(f"space {ev.space!r}'s floor closed with a turn, a round or hands on it")
    del state.floor.spaces[ev.space]
