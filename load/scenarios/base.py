"""What a scenario is: a plan of timed steps per room, each building a protocol command when it fires.

A scenario is data with a little code: for one room it lists `Step`s (when, who, what). The
"what" is either a fixed command or a function of the room as the members have seen it
(`RoomView`: member ids, recent events), evaluated at the moment the step fires: the facilitator
can call on the member whose hand is up, or vote for the card that was just written. Times are
planned in advance (open loop): a step fires at its time whether or not earlier commands have
been acknowledged, so a slow server shows up as latency, never as a gentler load.

Adding a scenario: write a module in load/scenarios/ with a `Scenario` subclass decorated with
`@scenario`, and import it in load/scenarios/__init__.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from protocol.messages import ClientCommand

#: name -> scenario class, filled by @scenario
SCENARIOS: dict[str, type[Scenario]] = {}


class RoomView(Protocol):
    """What a step may look at when it fires."""

    @property
    def peers(self) -> int: ...

    def member_id(self, who: int) -> str | None: ...

    def seen(self, *event_types: str) -> list[tuple[str, dict[str, Any]]]: ...


Make = Callable[[RoomView], ClientCommand | None]


@dataclass(frozen=True, slots=True)
class Step:
    """Participant `who` sends `make(room)` `at` seconds after the room's start (None: skip it)."""

    at: float
    who: int
    make: Make


def do(cmd: ClientCommand) -> Make:
    """A step that always sends the same command."""
    return lambda room: cmd


def poisson(rate: float, start: float, end: float, rng: random.Random) -> Iterator[float]:
    """Arrival times of a Poisson process of `rate` per second in [start, end): people act irregularly."""
    if rate <= 0:
        return
    t = start + rng.expovariate(rate)
    while t < end:
        yield t
        t += rng.expovariate(rate)


class Scenario:
    """A kind of session. `rate` is each participant's pace (scenario-specific meaning, per second)."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""

    def __init__(self, rate: float = 1.0) -> None:
        self.rate = rate

    def roles(self, peers: int) -> list[str]:
        """The role of each participant's join link: one facilitator, the rest participants."""
        return ["facilitator"] + ["participant"] * (peers - 1)

    def steps(self, peers: int, duration: float, rng: random.Random) -> list[Step]:
        """The room's plan for `duration` seconds after all its members joined."""
        raise NotImplementedError


def scenario(cls: type[Scenario]) -> type[Scenario]:
    """Register a scenario under its `name`."""
    SCENARIOS[cls.name] = cls
    return cls
