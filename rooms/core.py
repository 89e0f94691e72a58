"""The three functions the rest of peergroup is built around.

    decide(state, command, now) -> [Event]     reads state, never changes it, may raise Rejected
    apply(state, event) -> state               the only thing that changes state
    next_deadline(state) -> float | None       when the runner must send `Tick`

Each feature (membership, floor, agenda, board, reflections) registers its own deciders and
appliers here, so this file never grows with features. A live room, a replay after a crash and a
node taking a room over all go through `apply`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rooms.base import Command, Event, Tick
from rooms.errors import Code, Rejected
from rooms.permissions import allowed_roles
from rooms.state import Role, RoomState

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound=Event)

Decider = Callable[[RoomState, Any, float], list[Event]]
Applier = Callable[[RoomState, Any], None]
TickRule = Callable[[RoomState, float], list[Event]]
DeadlineRule = Callable[[RoomState], "float | None"]
DepartureRule = Callable[[RoomState, str, float], list[Event]]
ArrivalRule = Callable[[RoomState, str, Role, float], list[Event]]
CreationRule = Callable[[RoomState, Any, float], list[Event]]
CommandGuard = Callable[[RoomState, Command], None]

_DECIDERS: dict[type[Command], Decider] = {}
_APPLIERS: dict[type[Event], Applier] = {}
_TICK_RULES: list[TickRule] = []
_DEADLINE_RULES: list[DeadlineRule] = []
_DEPARTURE_RULES: list[DepartureRule] = []
_ARRIVAL_RULES: list[ArrivalRule] = []
_GUARDS: list[CommandGuard] = []
_CREATION_RULES: list[CreationRule] = []

#: every event and command type by name: how the log and the wire rebuild them
EVENT_TYPES: dict[str, type[Event]] = {}
COMMAND_TYPES: dict[str, type[Command]] = {}


def decider(
    command_type: type[C],
) -> Callable[[Callable[[RoomState, C, float], list[Event]]], Callable[[RoomState, C, float], list[Event]]]:
    """Register the rule that turns one command type into events."""

    def register(fn: Callable[[RoomState, C, float], list[Event]]) -> Callable[[RoomState, C, float], list[Event]]:
        assert command_type not in _DECIDERS, f"two deciders for {command_type.__name__}"
        _DECIDERS[command_type] = fn
        COMMAND_TYPES[command_type.__name__] = command_type
        return fn

    return register


def applier(event_type: type[E]) -> Callable[[Callable[[RoomState, E], None]], Callable[[RoomState, E], None]]:
    """Register how one event type changes the state."""

    def register(fn: Callable[[RoomState, E], None]) -> Callable[[RoomState, E], None]:
        assert event_type not in _APPLIERS, f"two appliers for {event_type.__name__}"
        _APPLIERS[event_type] = fn
        EVENT_TYPES[event_type.__name__] = event_type
        return fn

    return register


def tick_rule(fn: TickRule) -> TickRule:
    """Register a rule that fires when time passes (expiry, auto-advance, presence timeout)."""
    _TICK_RULES.append(fn)
    return fn


def deadline_rule(fn: DeadlineRule) -> DeadlineRule:
    """Register a rule that tells when its feature next needs a `Tick`."""
    _DEADLINE_RULES.append(fn)
    return fn


def departure_rule(fn: DepartureRule) -> DepartureRule:
    """Register what a feature does when a member leaves or is removed (lower hand, free floor)."""
    _DEPARTURE_RULES.append(fn)
    return fn


def command_guard(fn: CommandGuard) -> CommandGuard:
    """Register a rule that may refuse any member's command whatever its feature (the session ended)."""
    _GUARDS.append(fn)
    return fn


def arrival_rule(fn: ArrivalRule) -> ArrivalRule:
    """Register what a feature does when a member enters the room proper (a running round takes them in)."""
    _ARRIVAL_RULES.append(fn)
    return fn


def creation_rule(fn: CreationRule) -> CreationRule:
    """Register what a feature sets up when a room is created (the agenda loads its template)."""
    _CREATION_RULES.append(fn)
    return fn


def creation_events(state: RoomState, settings: Any, now: float) -> list[Event]:
    """Events every feature adds to a new room's `RoomCreated` (may raise Rejected: no room then)."""
    out: list[Event] = []
    for rule in _CREATION_RULES:
        out.extend(rule(state, settings, now))
    return out


def departure_events(state: RoomState, member_id: str, now: float) -> list[Event]:
    """Events every feature emits when `member_id` leaves the room."""
    out: list[Event] = []
    for rule in _DEPARTURE_RULES:
        out.extend(rule(state, member_id, now))
    return out


def arrival_events(state: RoomState, member_id: str, role: Role, now: float) -> list[Event]:
    """Events every feature emits when `member_id` enters with `role` (joined, admitted, or made a
    speaker); they follow the event that lets the member in, so they apply to a member present."""
    out: list[Event] = []
    for rule in _ARRIVAL_RULES:
        out.extend(rule(state, member_id, role, now))
    return out


def decide(state: RoomState, command: Command, now: float) -> list[Event]:
    """What happens if `command` is accepted now; raises `Rejected` and changes nothing otherwise."""
    if isinstance(command, Tick):
        out: list[Event] = []
        for rule in _TICK_RULES:
            out.extend(rule(state, now))
        return out
    decide_rule = _DECIDERS.get(type(command))
    if decide_rule is None:
        raise Rejected(Code.BAD_VALUE, f"unknown command {type(command).__name__}")
    if not command.system:
        if not state.created:
            raise Rejected(Code.NO_SUCH_ROOM, "this room does not exist")
        member = state.members.get(command.actor)
        if member is None or member.presence.value == "left":
            raise Rejected(Code.NOT_MEMBER, "join the room first")
        if member.admission.value != "admitted":
            raise Rejected(Code.IN_LOBBY, "wait until a facilitator admits you")
        if member.role not in allowed_roles(type(command)):
            raise Rejected(Code.FORBIDDEN, f"a {member.role.value} may not {type(command).__name__}")
        for guard in _GUARDS:
            guard(state, command)
    return decide_rule(state, command, now)


def apply(state: RoomState, event: Event) -> RoomState:
    """Change `state` by one event and count it; the state is returned for chaining."""
    _APPLIERS[type(event)](state, event)
    state.seq += 1
    return state


def next_deadline(state: RoomState) -> float | None:
    """The earliest moment any feature needs a `Tick`, or None."""
    best: float | None = None
    for rule in _DEADLINE_RULES:
        d = rule(state)
        if d is not None and (best is None or d < best):
            best = d
    return best
