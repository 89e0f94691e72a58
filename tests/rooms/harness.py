"""A room driven synchronously: commands in, events applied, with a hand-moved clock."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from rooms import Command, Event, RoomState, Tick, apply, decide, next_deadline
from rooms.membership.commands import CreateRoom, Join
from rooms.state import Role, RoomSettings


@dataclass
class Room:
    state: RoomState = field(default_factory=lambda: RoomState(room_id="r-test"))
    now: float = 1000.0
    log: list[Event] = field(default_factory=list)

    def do(self, command: Command) -> list[Event]:
        """Decide and apply `command` at the current time; raises Rejected unchanged."""
        events = decide(self.state, command, self.now)
        for ev in events:
            apply(self.state, ev)
        self.log.extend(events)
        return events

    def wait(self, seconds: float) -> list[Event]:
        """Move time on, ticking at every deadline passed on the way (as the runner does)."""
        end = self.now + seconds
        out: list[Event] = []
        while (d := next_deadline(self.state)) is not None and d <= end:
            self.now = max(self.now, d)
            ticked = self.do(Tick(actor=""))
            out.extend(ticked)
            if not ticked and next_deadline(self.state) == d:
                raise AssertionError(f"a tick at {d} changed nothing: the deadline would fire forever")
        self.now = end
        return out

    def replayed(self) -> RoomState:
        state = RoomState(room_id=self.state.room_id)
        for ev in self.log:
            apply(state, ev)
        return state

    def snapshot(self) -> RoomState:
        return copy.deepcopy(self.state)


def room_with(*members: tuple[str, Role], **settings: object) -> Room:
    """A created room with the given members joined (the first facilitator joins first)."""
    room = Room()
    room.do(CreateRoom(actor="", title="Test group", settings=RoomSettings(**settings)))  # type: ignore[arg-type]
    for member_id, role in members:
        room.do(Join(actor=member_id, name=member_id.capitalize(), role=role))
    return room


def standard_room(**settings: object) -> Room:
    return room_with(
        ("fay", Role.FACILITATOR),
        ("cole", Role.CO_FACILITATOR),
        ("pat", Role.PARTICIPANT),
        ("quin", Role.PARTICIPANT),
        ("obi", Role.OBSERVER),
        **settings,
    )
