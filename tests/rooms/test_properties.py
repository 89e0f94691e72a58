"""Properties every room keeps, whatever commands arrive in whatever order."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rooms import Command, Rejected, decide
from rooms.state import Role
from tests.rooms.harness import standard_room
from tests.rooms.strategies import any_command

steps = st.lists(st.tuples(st.floats(0, 120, allow_nan=False), any_command()), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_replaying_the_log_rebuilds_the_live_room_and_refusals_change_nothing(
    script: list[tuple[float, Command]],
) -> None:
    room = standard_room()
    for dt, command in script:
        room.wait(dt)
        before = room.snapshot()
        try:
            room.do(command)
        except Rejected:
            assert room.state == before, f"{command} was refused but changed the room"
    assert room.replayed() == room.state
    assert room.state.seq == len(room.log)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_there_is_never_more_than_one_facilitator(script: list[tuple[float, Command]]) -> None:
    room = standard_room()
    for dt, command in script:
        room.wait(dt)
        try:
            room.do(command)
        except Rejected:
            pass
        holders = [m for m in room.state.members.values() if m.role is Role.FACILITATOR]
        assert len(holders) <= 1


@settings(max_examples=200, deadline=None)
@given(any_command())
def test_deciding_never_raises_anything_but_rejected(command: Command) -> None:
    room = standard_room()
    try:
        decide(room.state, command, room.now)
    except Rejected:
        pass
