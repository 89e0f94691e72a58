"""Board and reflections tests work on a bare RoomState (several replicas of it, at chosen times);
these helpers seat people with tests/rooms/harness.py and run commands straight on a state."""

from __future__ import annotations

from typing import Any

import msgspec

from rooms import Command, Event, Rejected, Role, RoomState, apply, decide
from rooms.errors import Code
from tests.rooms import harness

T0 = 1_800_000_000.0


def room_with(**people: Role) -> RoomState:
    """A created room with `people` (member id -> role) admitted, in that order."""
    return harness.room_with(*people.items()).state


def run(state: RoomState, command: Command, now: float = T0) -> list[Event]:
    """Decide and apply `command`; the events it produced."""
    events = decide(state, command, now)
    for ev in events:
        apply(state, ev)
    return events


def encoded(state: RoomState) -> bytes:
    return msgspec.msgpack.encode(state)


def refused(state: RoomState, command: Command, now: float = T0) -> Code:
    """The code `command` is refused with; also checks the refusal changed nothing."""
    before = encoded(state)
    try:
        decide(state, command, now)
    except Rejected as exc:
        assert encoded(state) == before
        return exc.code
    raise AssertionError(f"{command} was accepted")


def wire(value: Any) -> Any:
    """What a value looks like on the wire (plain maps and lists)."""
    return msgspec.to_builtins(value)
