"""A room driven through the pure core with a fake `now`: the fixture of every core test."""

from __future__ import annotations

import copy

from rooms import Command, Event, RoomState, Tick, apply, decide, next_deadline
from rooms.membership.commands import CreateRoom, Join, Leave
from rooms.state import Role, RoomSettings

START = 1000.0


class Room:
    """A room plus a clock; every accepted event is kept in `log`, in order."""

    def __init__(self, template: str = "", participants: int = 0, room_id: str = "room-1") -> None:
        self.state = RoomState(room_id=room_id)
        self.now = START
        self.log: list[Event] = []
        self.do(CreateRoom(actor="", title="Group", settings=RoomSettings(template=template)))
        self.join("fac", Role.FACILITATOR)
        for i in range(participants):
            self.join(f"p{i + 1}")

    def do(self, command: Command) -> list[Event]:
        events = decide(self.state, command, self.now)
        for ev in events:
            apply(self.state, ev)
        self.log.extend(events)
        return events

    def do_event(self, event: Event) -> None:
        """Apply an event no command produced (to put the room in a state, or to try an impossible one)."""
        apply(self.state, event)
        self.log.append(event)

    def snapshot(self) -> RoomState:
        return copy.deepcopy(self.state)

    def join(self, member_id: str, role: Role = Role.PARTICIPANT) -> None:
        self.do(Join(actor=member_id, name=member_id.upper(), role=role))

    def leave(self, member_id: str) -> list[Event]:
        return self.do(Leave(actor=member_id))

    def tick(self) -> list[Event]:
        return self.do(Tick(actor=""))

    def advance(self, seconds: float) -> list[Event]:
        """Move time on, firing every deadline on the way exactly when it falls (like the runner)."""
        target = self.now + seconds
        fired: list[Event] = []
        for _ in range(10_000):
            deadline = next_deadline(self.state)
            if deadline is None or deadline > target:
                break
            self.now = max(self.now, deadline)
            fired.extend(self.tick())
        else:
            raise AssertionError("deadlines never settle")
        self.now = target
        return fired

    def types(self, events: list[Event] | None = None) -> list[str]:
        return [type(e).__name__ for e in (self.log if events is None else events)]
