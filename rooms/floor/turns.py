"""The floor: who speaks now, time boxes with a warning and a grace, and talking-stick rounds.

Nobody is cut off mid-sentence without warning (a norm of circle practice and of every
facilitation handbook): a timed turn gets `TurnWarned` at `warn_at`, `TurnTimeUp` at `ends_at`,
and only at `handover_at` (after the grace) does the stick move on. A talking-stick round gives
each member in its order exactly one turn; passing counts as one (check-in practice: "pass is
always an option").
"""

from __future__ import annotations

import random

from rooms.agenda import current_phase
from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.floor import commands as c
from rooms.floor import events as e
from rooms.floor.hands import lower_for_departure
from rooms.floor.state import Floor, HandLoweredReason, RoundEndReason, StickOrder, StickRound, Turn, TurnEndReason
from rooms.floor.where import floor_key, floor_of, floors, speakers
from rooms.limits import limit
from rooms.rules import Rules
from rooms.spaces.state import MAIN
from rooms.state import AirtimeAudience, Role, RoomState

rules = Rules("floor.turns", writes=frozenset(("floor",)))

MAX_TURN_SECONDS = limit("turn_seconds").most


def _seconds(value: float, what: str, low: float = 0.0, high: float = MAX_TURN_SECONDS) -> float:
    if not low <= value <= high:
        raise Rejected(Code.BAD_VALUE, f"{what} must be between {low:g} and {high:g} seconds")
    return value


def _phase_id(state: RoomState) -> str:
    phase = current_phase(state)
    return phase.id if phase else ""


def held_seconds(turn: Turn, now: float) -> float:
    """How long the turn has held the floor so far, pauses excluded."""
    return turn.held + (0.0 if turn.paused_at is not None else max(0.0, now - turn.since))


def turn_started(
    state: RoomState,
    member_id: str,
    now: float,
    by: str,
    seconds: float = 0.0,
    warning: float = 0.0,
    grace: float = 0.0,
    stick: bool = False,
    phase_id: str | None = None,
    key: str = MAIN,
) -> e.TurnStarted:
    """The event that gives `member_id` floor `key`, with its deadlines."""
    phase_id = _phase_id(state) if phase_id is None else phase_id
    if seconds <= 0:
        return e.TurnStarted(at=now, member_id=member_id, by=by, phase_id=phase_id, stick=stick, space=key)
    ends_at = now + seconds
    return e.TurnStarted(
        at=now,
        member_id=member_id,
        by=by,
        phase_id=phase_id,
        ends_at=ends_at,
        warn_at=ends_at - warning if 0 < warning < seconds else None,
        handover_at=ends_at + grace,
        stick=stick,
        space=key,
    )


def on_floor(state: RoomState, key: str, member_id: str) -> bool:
    """Whether `member_id` is present and on floor `key` now (a group's member, or its visitor)."""
    return state.admitted(member_id) is not None and floor_key(state, member_id) == key


def _next_in_round(state: RoomState, key: str, stick: StickRound, skip: set[str]) -> str | None:
    for member_id in stick.order[stick.next_index :]:
        if member_id in skip or member_id in stick.done or member_id in stick.passed:
            continue
        if on_floor(state, key, member_id):
            return member_id
    return None


def move_stick(
    state: RoomState, key: str, now: float, by: str, skip: set[str], holder_passed: bool = False
) -> list[Event]:
    """The stick of floor `key` goes to the next member who has not had their turn, or the round completes."""
    floor = floor_of(state, key)
    stick = floor.stick
    if stick is None:
        return []
    nxt = _next_in_round(state, key, stick, skip)
    if nxt is not None:
        seconds, warning, grace = stick.turn_seconds, stick.warning_seconds, stick.grace_seconds
        return [turn_started(state, nxt, now, by, seconds, warning, grace, True, key=key)]
    holder = floor.speaker.member_id if floor.speaker and floor.speaker.stick else None
    done = [*stick.done, *([holder] if holder and holder not in stick.done else [])]
    passed = [*stick.passed, *([holder] if holder and holder_passed else [])]
    # Other features react to the round's end through their own `@rules.reaction(StickRoundEnded)`.
    return [e.StickRoundEnded(at=now, reason=RoundEndReason.COMPLETED, done=done, passed=passed, space=key)]


def turn_ended(state: RoomState, turn: Turn, now: float, reason: TurnEndReason, key: str = MAIN) -> e.TurnEnded:
    """The event that ends `turn` on floor `key`, stamped with whether the room shows its seconds to everyone."""
    public = state.settings.airtime_visible_to is AirtimeAudience.EVERYONE
    return e.TurnEnded(
        at=now,
        member_id=turn.member_id,
        reason=reason,
        seconds=held_seconds(turn, now),
        airtime_public=public,
        space=key,
    )


def group_turn(state: RoomState) -> tuple[float, float, float]:
    """(seconds, warning, grace) of a turn from a small group's queue: the phase's turn time box, if any."""
    phase = current_phase(state)
    if phase is None or phase.turn_seconds <= 0:
        return 0.0, 0.0, 0.0
    return phase.turn_seconds, min(phase.warning_seconds, phase.turn_seconds / 2), phase.grace_seconds


def next_hand(state: RoomState, key: str, now: float, by: str, skip: set[str]) -> list[Event]:
    """A small group's queue moves by itself: its first hand (not in `skip`) takes the free floor.
    The main room's floor waits for a facilitator to call the next hand."""
    if key == MAIN:
        return []
    nxt = next((m for m in floor_of(state, key).queue() if m not in skip and on_floor(state, key, m)), None)
    if nxt is None:
        return []
    seconds, warning, grace = group_turn(state)
    return [
        e.HandLowered(at=now, member_id=nxt, by=by, reason=HandLoweredReason.CALLED, space=key),
        turn_started(state, nxt, now, by, seconds, warning, grace, key=key),
    ]


def end_turn(
    state: RoomState,
    now: float,
    reason: TurnEndReason,
    by: str,
    skip: set[str] | None = None,
    key: str = MAIN,
    then_next_hand: bool = True,
) -> list[Event]:
    """End the current turn on floor `key`; in a talking-stick round the stick moves on, and on a
    small group's own floor left free the first hand speaks next (`then_next_hand`)."""
    floor = floor_of(state, key)
    turn = floor.speaker
    if turn is None:
        return []
    skip = {turn.member_id, *(skip or set())}
    out: list[Event] = [turn_ended(state, turn, now, reason, key)]
    if turn.stick and floor.stick is not None:
        out.extend(move_stick(state, key, now, by, skip, holder_passed=reason is TurnEndReason.PASSED))
    if then_next_hand and not any(isinstance(ev, e.TurnStarted) for ev in out):
        if floor.stick is None or any(isinstance(ev, e.StickRoundEnded) for ev in out):
            out.extend(next_hand(state, key, now, by, skip))
    return out


def round_order(
    state: RoomState, how: StickOrder, members: list[str], include_facilitators: bool, key: str = MAIN
) -> list[str]:
    """The speaking order for a new round on floor `key` (random is seeded by room and seq: replays agree)."""
    if how is StickOrder.CUSTOM:
        if not members or len(set(members)) != len(members):
            raise Rejected(Code.BAD_VALUE, "a custom order lists each member once")
        for member_id in members:
            m = state.admitted(member_id)
            if m is None or m.role is Role.OBSERVER or not on_floor(state, key, member_id):
                raise Rejected(Code.NO_SUCH_MEMBER, f"{member_id!r} cannot take a turn")
        return list(members)
    roles = {Role.PARTICIPANT} | ({Role.FACILITATOR, Role.CO_FACILITATOR} if include_facilitators else set())
    order = [m.id for m in state.present() if m.role in roles and floor_key(state, m.id) == key]
    if how is StickOrder.RANDOM:
        random.Random(f"{state.room_id}:{state.seq}").shuffle(order)
    return order


def start_round(
    state: RoomState,
    now: float,
    by: str,
    order: list[str],
    how: StickOrder,
    turn_seconds: float,
    warning_seconds: float,
    grace_seconds: float,
    phase_id: str = "",
    include_facilitators: bool = False,
    key: str = MAIN,
) -> list[Event]:
    """Events that start a round on floor `key` and hand the stick to its first member (any open
    turn ends). A floor that opens in the same batch (a group's) is empty: `key` may name it."""
    out: list[Event] = []
    floor = state.floor.spaces.get(key) if key else state.floor
    # A talking-stick turn was already ended with its round (stop_round); an open-floor one ends here.
    if floor is not None and floor.speaker is not None and not floor.speaker.stick:
        out.append(turn_ended(state, floor.speaker, now, TurnEndReason.REPLACED, key))
    out.append(
        e.StickRoundStarted(
            at=now,
            order=order,
            how=how,
            turn_seconds=turn_seconds,
            warning_seconds=warning_seconds,
            grace_seconds=grace_seconds,
            by=by,
            phase_id=phase_id,
            include_facilitators=include_facilitators,
            space=key,
        )
    )
    first = next((m for m in order if state.admitted(m) is not None), None)
    if first is not None:
        out.append(
            turn_started(
                state, first, now, by, turn_seconds, warning_seconds, grace_seconds, True, phase_id=phase_id, key=key
            )
        )
    return out


def stop_round(state: RoomState, now: float, reason: RoundEndReason, key: str = MAIN) -> list[Event]:
    """Events that end floor `key`'s running round early (its current turn ends too)."""
    floor = floor_of(state, key)
    stick = floor.stick
    if stick is None:
        return []
    out: list[Event] = []
    turn = floor.speaker
    done = list(stick.done)
    if turn is not None and turn.stick:
        out.append(turn_ended(state, turn, now, TurnEndReason.ENDED, key))
        done.append(turn.member_id)
    out.append(e.StickRoundEnded(at=now, reason=reason, done=done, passed=list(stick.passed), space=key))
    return out


# -- deciders ------------------------------------------------------------------------------------


def _no_round(floor: Floor) -> None:
    if floor.stick is not None:
        raise Rejected(Code.WRONG_STATE, "a talking-stick round is running; stop it first")


def _give(state: RoomState, key: str, member_id: str, now: float, by: str, seconds: float) -> list[Event]:
    floor = floor_of(state, key)
    out: list[Event] = []
    if floor.speaker is not None:
        out.extend(end_turn(state, now, TurnEndReason.REPLACED, by, key=key, then_next_hand=False))
    if member_id in floor.queue():
        out.append(e.HandLowered(at=now, member_id=member_id, by=by, reason=HandLoweredReason.CALLED, space=key))
    grace = 5.0 if seconds else 0.0
    out.append(turn_started(state, member_id, now, by, seconds, min(15.0, seconds / 4), grace, key=key))
    return out


@rules.decider(c.CallNext)
def call_next(state: RoomState, cmd: c.CallNext, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    floor = floor_of(state, key)
    _no_round(floor)
    seconds = _seconds(cmd.seconds, "a turn")
    if not floor.hands:
        raise Rejected(Code.NOT_FOUND, "nobody has a hand up")
    return _give(state, key, floor.hands[0].member_id, now, cmd.actor, seconds)


@rules.decider(c.GiveFloor)
def give_floor(state: RoomState, cmd: c.GiveFloor, now: float) -> list[Event]:
    m = state.admitted(cmd.target)
    if m is None or m.role is Role.OBSERVER:
        raise Rejected(Code.NO_SUCH_MEMBER, "only a member present (not an observer) can take the floor")
    # The floor of the target's space: a facilitator gives the floor in any group from the overview.
    key = floor_key(state, m.id)
    _no_round(floor_of(state, key))
    seconds = _seconds(cmd.seconds, "a turn")
    return _give(state, key, m.id, now, cmd.actor, seconds)


def _speaking_floor(state: RoomState, actor: str) -> tuple[str, Turn]:
    key = floor_key(state, actor)
    turn = floor_of(state, key).speaker
    if turn is None:
        raise Rejected(Code.WRONG_STATE, "nobody has the floor")
    return key, turn


@rules.decider(c.EndTurn)
def end_turn_command(state: RoomState, cmd: c.EndTurn, now: float) -> list[Event]:
    key, _ = _speaking_floor(state, cmd.actor)
    return end_turn(state, now, TurnEndReason.ENDED, cmd.actor, key=key)


@rules.decider(c.FinishTurn)
def finish_turn(state: RoomState, cmd: c.FinishTurn, now: float) -> list[Event]:
    key = next((k for k, f in floors(state) if f.speaker is not None and f.speaker.member_id == cmd.actor), None)
    if key is None:
        raise Rejected(Code.WRONG_STATE, "you do not have the floor")
    return end_turn(state, now, TurnEndReason.DONE, cmd.actor, key=key)


@rules.decider(c.Pass)
def pass_turn(state: RoomState, cmd: c.Pass, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    floor = floor_of(state, key)
    stick = floor.stick
    if stick is None:
        raise Rejected(Code.WRONG_STATE, "there is no talking-stick round to pass in")
    turn = floor.speaker
    if turn is not None and turn.stick and turn.member_id == cmd.actor:
        return end_turn(state, now, TurnEndReason.PASSED, cmd.actor, key=key)
    if cmd.actor in stick.order and cmd.actor not in stick.done and cmd.actor not in stick.passed:
        return [e.StickPassed(at=now, member_id=cmd.actor, space=key)]
    raise Rejected(Code.WRONG_STATE, "you have no turn left in this round")


@rules.decider(c.ExtendTurn)
def extend_turn(state: RoomState, cmd: c.ExtendTurn, now: float) -> list[Event]:
    _seconds(cmd.seconds, "an extension", 1.0)
    key, turn = _speaking_floor(state, cmd.actor)
    if turn.ends_at is None:
        ends_at = now + cmd.seconds
        return [
            e.TurnExtended(
                at=now,
                member_id=turn.member_id,
                by=cmd.actor,
                seconds=cmd.seconds,
                ends_at=ends_at,
                warn_at=None,
                handover_at=ends_at,
                space=key,
            )
        ]
    warning = turn.ends_at - turn.warn_at if turn.warn_at is not None else 0.0
    grace = (turn.handover_at or turn.ends_at) - turn.ends_at
    # In the grace the time box is already over: the extension counts from now.
    base = now if turn.time_up and turn.paused_at is None else turn.ends_at
    ends_at = base + cmd.seconds
    clock_now = now if turn.paused_at is None else turn.paused_at
    warn_at = ends_at - warning if warning > 0 and ends_at - warning > clock_now else None
    return [
        e.TurnExtended(
            at=now,
            member_id=turn.member_id,
            by=cmd.actor,
            seconds=cmd.seconds,
            ends_at=ends_at,
            warn_at=warn_at,
            handover_at=ends_at + grace,
            space=key,
        )
    ]


@rules.decider(c.StartStickRound)
def start_stick_round(state: RoomState, cmd: c.StartStickRound, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    _no_round(floor_of(state, key))
    turn = _seconds(cmd.turn_seconds, "a turn", 5.0)
    warning = _seconds(cmd.warning_seconds, "the warning", 0.0, turn)
    grace = _seconds(cmd.grace_seconds, "the grace", 0.0, limit("stick_grace").most)
    order = round_order(state, cmd.how, cmd.members, cmd.include_facilitators, key)
    if not order:
        raise Rejected(Code.WRONG_STATE, "nobody is here to take a turn")
    include = cmd.include_facilitators
    return start_round(state, now, cmd.actor, order, cmd.how, turn, warning, grace, "", include, key)


@rules.decider(c.StopStickRound)
def stop_stick_round(state: RoomState, cmd: c.StopStickRound, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    if floor_of(state, key).stick is None:
        raise Rejected(Code.WRONG_STATE, "no talking-stick round is running")
    return stop_round(state, now, RoundEndReason.STOPPED, key)


# -- time and departures -------------------------------------------------------------------------


def _floor_clock(state: RoomState, key: str, turn: Turn, now: float) -> list[Event]:
    if turn.paused_at is not None or turn.ends_at is None:
        return []
    if not turn.time_up:
        if now >= turn.ends_at:
            handover_at = turn.handover_at or turn.ends_at
            return [e.TurnTimeUp(at=now, member_id=turn.member_id, handover_at=handover_at, space=key)]
        if turn.warn_at is not None and not turn.warned and now >= turn.warn_at:
            return [e.TurnWarned(at=now, member_id=turn.member_id, ends_at=turn.ends_at, space=key)]
        return []
    if now >= (turn.handover_at or turn.ends_at):
        return end_turn(state, now, TurnEndReason.TIMEOUT, "", key=key)
    return []


@rules.tick_rule
def turn_clock(state: RoomState, now: float) -> list[Event]:
    """Every floor's turn: warned, time up, then handed over after the grace (each group's on its own timer)."""
    out: list[Event] = []
    for key, floor in floors(state):
        if floor.speaker is not None:
            out.extend(_floor_clock(state, key, floor.speaker, now))
    return out


def _turn_deadline(turn: Turn) -> float | None:
    if turn.paused_at is not None or turn.ends_at is None:
        return None
    if turn.time_up:
        return turn.handover_at or turn.ends_at
    if turn.warn_at is not None and not turn.warned:
        return turn.warn_at
    return turn.ends_at


@rules.deadline_rule
def turn_deadline(state: RoomState) -> float | None:
    times = [d for turn in speakers(state) if (d := _turn_deadline(turn)) is not None]
    return min(times) if times else None


@rules.departure_rule
def floor_departure(state: RoomState, member_id: str, now: float) -> list[Event]:
    out: list[Event] = []
    for key, floor in floors(state):
        out.extend(lower_for_departure(state, key, member_id, now))
        turn = floor.speaker
        if turn is not None and turn.member_id == member_id:
            out.extend(end_turn(state, now, TurnEndReason.LEFT, "", {member_id}, key=key))
    return out
