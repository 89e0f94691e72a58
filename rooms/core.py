"""The three functions the rest of peergroup is built around, composed from every module's rules.

    decide(state, command, now) -> [Event]     reads state, never changes it, may raise Rejected
    apply(state, event) -> state               the only thing that changes state
    next_deadline(state) -> float | None       when the runner must send `Tick`

`Core(rules)` merges the `Rules` objects it is given (rooms/registry.py lists the room's, in the
order its rules run) and refuses any duplicate. Rules that react to time, a departure, an arrival
or an event run in that one written order, each on the state the previous one left (a scratch
copy, so `decide` still changes nothing), until none has anything left to add. So a late `Tick`
yields exactly the events that ticking on every deadline would have, in the same order.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from rooms.base import Command, Event, Tick
from rooms.errors import Code, Rejected
from rooms.permissions import allowed_roles
from rooms.rules import (
    Applier,
    ArrivalRule,
    CommandGuard,
    CreationRule,
    DeadlineRule,
    Decider,
    DepartureRule,
    DuplicateRule,
    EventSpace,
    EventView,
    HookedDecider,
    Reaction,
    Rules,
    StateView,
)
from rooms.state import Role, RoomState
from rooms.viewer import Viewer

R = TypeVar("R")

#: the parts of the state big enough that a scratch copy shares them until an event may write them
SHARED_PARTS = ("board", "reflections")

#: a bound on the rounds of rules at one moment; rules that never settle are a bug, not a hang
MAX_ROUNDS = 100


def _merge(
    into: dict[Any, Any], table: dict[Any, Any], what: str, owner: str, others: Iterable[dict[Any, Any]] = ()
) -> None:
    for key, fn in table.items():
        if key in into or any(key in other for other in others):
            raise DuplicateRule(f"{owner}: a second {what} for {getattr(key, '__name__', key)}")
        into[key] = fn


class Scratch:
    """A copy of the state for rules to run on: the big parts are copied only before a write."""

    def __init__(self, origin: RoomState) -> None:
        self.origin = origin
        memo: dict[int, Any] = {id(getattr(origin, part)): getattr(origin, part) for part in SHARED_PARTS}
        self.state = copy.deepcopy(origin, memo)
        self.shared = set(SHARED_PARTS)

    def before_write(self, writes: frozenset[str] | None) -> None:
        """Give the copy its own big parts that an event's applier may change."""
        parts = set(self.shared) if writes is None else self.shared & writes
        for part in parts:
            setattr(self.state, part, copy.deepcopy(getattr(self.origin, part)))
        self.shared -= parts


class Core:
    """The room's rules, merged from `Rules` objects in the order given."""

    def __init__(self, features: Sequence[Rules]) -> None:
        self.features = tuple(features)
        self.deciders: dict[type[Command], Decider] = {}
        self.hooked_deciders: dict[type[Command], HookedDecider] = {}
        self.appliers: dict[type[Event], Applier] = {}
        self.writes: dict[type[Event], frozenset[str] | None] = {}
        self.reactions: dict[type[Event], Reaction] = {}
        self.tick_rules: list[tuple[bool, Callable[..., list[Event]]]] = []
        self.deadline_rules: list[DeadlineRule] = []
        self.departure_rules: list[DepartureRule] = []
        self.arrival_rules: list[ArrivalRule] = []
        self.creation_rules: list[CreationRule] = []
        self.guards: list[CommandGuard] = []
        self.event_views: dict[type[Event], EventView] = {}
        self.event_spaces: dict[type[Event], EventSpace] = {}
        self.state_views: dict[str, StateView] = {}
        names: set[str] = set()
        for rules in features:
            if rules.name in names:
                raise DuplicateRule(f"{rules.name} is listed twice")
            names.add(rules.name)
            _merge(self.deciders, rules.deciders, "decider", rules.name, [self.hooked_deciders])
            _merge(self.hooked_deciders, rules.hooked_deciders, "decider", rules.name, [self.deciders])
            _merge(self.appliers, rules.appliers, "applier", rules.name)
            self.writes.update({kind: rules.writes for kind in rules.appliers})
            _merge(self.reactions, rules.reactions, "reaction", rules.name)
            _merge(self.event_views, rules.event_views, "event view", rules.name)
            _merge(self.event_spaces, rules.event_spaces, "event space", rules.name)
            _merge(self.state_views, rules.state_views, "state view", rules.name)
            self.tick_rules.extend(rules.tick_rules)
            self.deadline_rules.extend(rules.deadline_rules)
            self.departure_rules.extend(rules.departure_rules)
            self.arrival_rules.extend(rules.arrival_rules)
            self.creation_rules.extend(rules.creation_rules)
            self.guards.extend(rules.guards)
        #: every event and command type by name: how the log and the wire rebuild them
        self.command_types: dict[str, type[Command]] = {t.__name__: t for t in [*self.deciders, *self.hooked_deciders]}
        self.event_types: dict[str, type[Event]] = {t.__name__: t for t in self.appliers}
        for kind in [*self.reactions, *self.event_views]:
            if kind not in self.appliers:
                raise DuplicateRule(f"{kind.__name__} has a reaction or a view but no applier")

    # -- the three functions -------------------------------------------------------------------

    def decide(self, state: RoomState, command: Command, now: float) -> list[Event]:
        """What happens if `command` is accepted now; raises `Rejected` and changes nothing otherwise."""
        if isinstance(command, Tick):
            return self._tick(state, now)
        kind = type(command)
        decide_rule = self.deciders.get(kind)
        hooked_rule = self.hooked_deciders.get(kind)
        if decide_rule is None and hooked_rule is None:
            raise Rejected(Code.BAD_VALUE, f"unknown command {kind.__name__}")
        if not command.system:
            if not state.created:
                raise Rejected(Code.NO_SUCH_ROOM, "this room does not exist")
            member = state.members.get(command.actor)
            if member is None or member.presence.value == "left":
                raise Rejected(Code.NOT_MEMBER, "join the room first")
            if member.admission.value != "admitted":
                raise Rejected(Code.IN_LOBBY, "wait until a facilitator admits you")
            if member.role not in allowed_roles(kind):
                raise Rejected(Code.FORBIDDEN, f"a {member.role.value} may not {kind.__name__}")
            for guard in self.guards:
                guard(state, command)
        if hooked_rule is not None:
            events = hooked_rule(self, state, command, now)
        else:
            assert decide_rule is not None
            events = decide_rule(state, command, now)
        return self._with_reactions(state, events)

    def apply(self, state: RoomState, event: Event) -> RoomState:
        """Change `state` by one event and count it; the state is returned for chaining."""
        self.appliers[type(event)](state, event)
        state.seq += 1
        return state

    def next_deadline(self, state: RoomState) -> float | None:
        """The earliest moment any rule needs a `Tick`, or None."""
        times = [d for rule in self.deadline_rules if (d := rule(state)) is not None]
        return min(times) if times else None

    # -- hooks: what one feature's rule asks of all the others ---------------------------------

    def departures(self, state: RoomState, member_id: str, now: float) -> list[Event]:
        """Every feature's events for `member_id` leaving, each rule on the state the previous left."""
        return self._settle(state, self.departure_rules, lambda rule, s: rule(s, member_id, now))

    def arrivals(self, state: RoomState, member_id: str, role: Role, now: float) -> list[Event]:
        """Every feature's events for `member_id` entering with `role` (they follow the event letting
        the member in)."""
        return self._settle(state, self.arrival_rules, lambda rule, s: rule(s, member_id, role, now))

    def creation(self, state: RoomState, settings: Any, now: float) -> list[Event]:
        """Events every feature adds to a new room's `RoomCreated` (may raise Rejected: no room then)."""
        return self._settle(state, self.creation_rules, lambda rule, s: rule(s, settings, now))

    # -- views ---------------------------------------------------------------------------------

    def space_of_event(self, event: Event) -> str:
        """The space `event`'s content was made in ("": the main room's, everyone's)."""
        where = self.event_spaces.get(type(event))
        return where(event) if where is not None else ""

    def is_private(self, event: Event) -> bool:
        """True when the event must be projected per viewer rather than sent to all alike."""
        return type(event) in self.event_views or bool(self.space_of_event(event))

    def view_event(self, event: Event, viewer: Viewer) -> Event | dict[str, Any] | None:
        """The event as `viewer` may see it (None: a group's content, for someone outside it)."""
        if not viewer.sees(self.space_of_event(event)):
            return None
        view = self.event_views.get(type(event))
        return event if view is None else view(event, viewer)

    # -- composition ---------------------------------------------------------------------------

    def _tick(self, state: RoomState, now: float) -> list[Event]:
        """Every deadline passed by `now`, in time order, each at its own moment, then `now` itself."""
        out: list[Event] = []
        scratch: list[Scratch] = []  # the copy, made only once a rule has something to say
        for _ in range(MAX_ROUNDS):
            due = self.next_deadline(scratch[0].state if scratch else state)
            if due is None or due >= now or not self._settle_tick(state, scratch, due, out):
                # No deadline left before now (or one whose rule had nothing to say): now itself.
                self._settle_tick(state, scratch, now, out)
                return out
        raise RuntimeError("deadlines keep falling due: a deadline rule disagrees with its tick rule")

    def _settle_tick(self, state: RoomState, scratch: list[Scratch], at: float, out: list[Event]) -> bool:
        """Run the tick rules at `at` until none adds an event; True if any did."""
        said = False
        for _ in range(MAX_ROUNDS):
            added = False
            for hooked, rule in self.tick_rules:
                current = scratch[0].state if scratch else state
                events = rule(self, current, at) if hooked else rule(current, at)
                if events:
                    if not scratch:
                        scratch.append(Scratch(state))
                    self._feed(scratch[0], events, out)
                    added = said = True
            if not added:
                return said
        raise RuntimeError("tick rules never settle")

    def _settle(self, state: RoomState, rules: Sequence[R], call: Callable[[R, RoomState], list[Event]]) -> list[Event]:
        """Run each of `rules` once, in order, each on the state the previous left.

        Returns the rules' own events; reactions to them are added once, by `decide`."""
        out: list[Event] = []
        scratch: Scratch | None = None
        for rule in rules:
            events = call(rule, scratch.state if scratch is not None else state)
            if events:
                if scratch is None:
                    scratch = Scratch(state)
                self._feed(scratch, events, [])
                out.extend(events)
        return out

    def _with_reactions(self, state: RoomState, events: list[Event]) -> list[Event]:
        """`events` with every reaction inserted after the event it follows."""
        if not any(type(ev) in self.reactions for ev in events):
            return events
        out: list[Event] = []
        self._feed(Scratch(state), events, out)
        return out

    def _feed(self, scratch: Scratch, events: Iterable[Event], out: list[Event]) -> None:
        """Apply `events` to `scratch`, each followed by its reactions, appending all to `out`."""
        for ev in events:
            react = self.reactions.get(type(ev))
            follow = react(scratch.state, ev) if react is not None else []
            scratch.before_write(self.writes.get(type(ev)))
            self.apply(scratch.state, ev)
            out.append(ev)
            if follow:
                self._feed(scratch, follow, out)
