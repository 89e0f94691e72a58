"""One module's rules, collected on an object of its own so that `rooms/registry.py` can list them.

A module that adds to the room creates `rules = Rules("floor.turns")` and decorates its functions
with `@rules.decider(Command)`, `@rules.applier(Event)`, `@rules.tick_rule`, ... Nothing is
registered anywhere else: the object only remembers what was decorated, and refuses a second rule
for the same command, event, view or state part. How the objects combine is in rooms/registry.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from rooms.base import Command, Event
from rooms.state import Role, RoomState
from rooms.viewer import Viewer

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound=Event)
F = TypeVar("F")


class Hooks(Protocol):
    """What the composed core offers the few rules that trigger other features' rules (membership)."""

    def departures(self, state: RoomState, member_id: str, now: float) -> list[Event]:
        """Every feature's events for `member_id` leaving, each rule on the state the previous left."""
        ...

    def arrivals(self, state: RoomState, member_id: str, role: Role, now: float) -> list[Event]:
        """Every feature's events for `member_id` entering with `role`."""
        ...

    def creation(self, state: RoomState, settings: Any, now: float) -> list[Event]:
        """Every feature's events for a room being created with `settings`."""
        ...


Decider = Callable[[RoomState, Any, float], list[Event]]
HookedDecider = Callable[[Hooks, RoomState, Any, float], list[Event]]
Applier = Callable[[RoomState, Any], None]
Reaction = Callable[[RoomState, Any], list[Event]]
TickRule = Callable[[RoomState, float], list[Event]]
HookedTickRule = Callable[[Hooks, RoomState, float], list[Event]]
DeadlineRule = Callable[[RoomState], "float | None"]
DepartureRule = Callable[[RoomState, str, float], list[Event]]
ArrivalRule = Callable[[RoomState, str, Role, float], list[Event]]
CreationRule = Callable[[RoomState, Any, float], list[Event]]
CommandGuard = Callable[[RoomState, Command], None]
EventView = Callable[[Any, Viewer], "Event | dict[str, Any] | None"]
EventSpace = Callable[[Any], str]
StateView = Callable[[RoomState, Viewer], Any]


class DuplicateRule(Exception):
    """Two rules claim the same command, event, view or state part."""


def _put(table: dict[Any, Any], key: Any, fn: Any, what: str, owner: str) -> None:
    if key in table:
        name = getattr(key, "__name__", key)
        raise DuplicateRule(f"{owner}: two {what} for {name}")
    table[key] = fn


@dataclass
class Rules:
    """Everything one module adds to the room; `name` says whose rules they are in error messages.

    `writes` names the `RoomState` fields this module's appliers change (None: any of them); the
    core's scratch copies share the big parts (board, reflections) until an event may write them.
    """

    name: str
    writes: frozenset[str] | None = None
    deciders: dict[type[Command], Decider] = field(default_factory=dict)
    hooked_deciders: dict[type[Command], HookedDecider] = field(default_factory=dict)
    appliers: dict[type[Event], Applier] = field(default_factory=dict)
    reactions: dict[type[Event], Reaction] = field(default_factory=dict)
    #: (asks for hooks, rule) in the order written
    tick_rules: list[tuple[bool, Callable[..., list[Event]]]] = field(default_factory=list)
    deadline_rules: list[DeadlineRule] = field(default_factory=list)
    departure_rules: list[DepartureRule] = field(default_factory=list)
    arrival_rules: list[ArrivalRule] = field(default_factory=list)
    creation_rules: list[CreationRule] = field(default_factory=list)
    guards: list[CommandGuard] = field(default_factory=list)
    event_views: dict[type[Event], EventView] = field(default_factory=dict)
    event_spaces: dict[type[Event], EventSpace] = field(default_factory=dict)
    state_views: dict[str, StateView] = field(default_factory=dict)

    def _command(self, command_type: type[Command], fn: Any) -> None:
        if command_type in self.deciders or command_type in self.hooked_deciders:
            raise DuplicateRule(f"{self.name}: two deciders for {command_type.__name__}")
        self.deciders[command_type] = fn

    def decider(
        self, command_type: type[C]
    ) -> Callable[[Callable[[RoomState, C, float], list[Event]]], Callable[[RoomState, C, float], list[Event]]]:
        """The rule that turns one command type into events (reads the state, never changes it)."""

        def register(fn: Callable[[RoomState, C, float], list[Event]]) -> Callable[[RoomState, C, float], list[Event]]:
            self._command(command_type, fn)
            return fn

        return register

    def decider_with_hooks(
        self, command_type: type[C]
    ) -> Callable[
        [Callable[[Hooks, RoomState, C, float], list[Event]]], Callable[[Hooks, RoomState, C, float], list[Event]]
    ]:
        """A decider that also asks every feature what a departure, arrival or creation means."""

        def register(
            fn: Callable[[Hooks, RoomState, C, float], list[Event]],
        ) -> Callable[[Hooks, RoomState, C, float], list[Event]]:
            self._command(command_type, fn)
            del self.deciders[command_type]
            self.hooked_deciders[command_type] = fn
            return fn

        return register

    def applier(
        self, event_type: type[E]
    ) -> Callable[[Callable[[RoomState, E], None]], Callable[[RoomState, E], None]]:
        """How one event type changes the state (raise `ImpossibleEvent` for one that cannot happen)."""

        def register(fn: Callable[[RoomState, E], None]) -> Callable[[RoomState, E], None]:
            _put(self.appliers, event_type, fn, "appliers", self.name)
            return fn

        return register

    def reaction(
        self, event_type: type[E]
    ) -> Callable[[Callable[[RoomState, E], list[Event]]], Callable[[RoomState, E], list[Event]]]:
        """Events that follow every `event_type`, decided from the state the event found (before it)."""

        def register(fn: Callable[[RoomState, E], list[Event]]) -> Callable[[RoomState, E], list[Event]]:
            _put(self.reactions, event_type, fn, "reactions", self.name)
            return fn

        return register

    def tick_rule(self, fn: TickRule) -> TickRule:
        """A rule that fires when time passes (expiry, auto-advance, presence timeout)."""
        self.tick_rules.append((False, fn))
        return fn

    def tick_rule_with_hooks(self, fn: HookedTickRule) -> HookedTickRule:
        """A tick rule that also asks every feature what a departure means (presence timeouts)."""
        self.tick_rules.append((True, fn))
        return fn

    def deadline_rule(self, fn: DeadlineRule) -> DeadlineRule:
        """When this module next needs a `Tick` (None: never)."""
        self.deadline_rules.append(fn)
        return fn

    def departure_rule(self, fn: DepartureRule) -> DepartureRule:
        """What this module does when a member leaves or is removed (lower hand, free floor)."""
        self.departure_rules.append(fn)
        return fn

    def arrival_rule(self, fn: ArrivalRule) -> ArrivalRule:
        """What this module does when a member enters the room proper (a running round takes them in)."""
        self.arrival_rules.append(fn)
        return fn

    def creation_rule(self, fn: CreationRule) -> CreationRule:
        """What this module sets up when a room is created (the agenda loads its template)."""
        self.creation_rules.append(fn)
        return fn

    def command_guard(self, fn: CommandGuard) -> CommandGuard:
        """A rule that may refuse any member's command whatever its feature (the session ended)."""
        self.guards.append(fn)
        return fn

    def event_view(self, event_type: type[Event]) -> Callable[[F], F]:
        """The per-viewer view of one event type (the event, a reduced mapping, or None)."""

        def register(fn: F) -> F:
            _put(self.event_views, event_type, fn, "event views", self.name)
            return fn

        return register

    def event_space(self, event_type: type[Event]) -> Callable[[F], F]:
        """The space an event's content was made in (a group's card, board element, note): only
        viewers who see that space receive the event, before any event view (rooms/spaces)."""

        def register(fn: F) -> F:
            _put(self.event_spaces, event_type, fn, "event spaces", self.name)
            return fn

        return register

    def state_view(self, part: str) -> Callable[[F], F]:
        """How one part of the state (`floor`, `agenda`, ...) is shown to a viewer in a snapshot."""

        def register(fn: F) -> F:
            _put(self.state_views, part, fn, "state views", self.name)
            return fn

        return register
