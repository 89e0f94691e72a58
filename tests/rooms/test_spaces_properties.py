"""Properties of spaces under any sequence of arrivals, departures, moves, reshuffles, visits and time."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rooms import Rejected, RoomState, apply
from rooms.agenda import commands as a
from rooms.agenda.groups import participants
from rooms.membership.commands import Leave
from rooms.spaces import commands as c
from server.log.codec import decode_event, decode_state, encode_event, encode_state
from tests.rooms.room import Room

PEOPLE = [f"p{i}" for i in range(1, 10)]

step = st.tuples(
    st.sampled_from(["join", "leave", "move", "reshuffle", "visit", "unvisit", "wait", "extend", "call_back", "skip"]),
    st.sampled_from(PEOPLE),
    st.integers(min_value=1, max_value=6),
    st.floats(min_value=1, max_value=90),
)


def act(room: Room, kind: str, who: str, group: int, seconds: float) -> None:
    commands: dict[str, Any] = {
        "leave": lambda: Leave(actor=who),
        "move": lambda: c.MoveToGroup(actor="fac", member_id=who, space_id=f"s{group}"),
        "reshuffle": lambda: c.ReshuffleGroups(actor="fac"),
        "visit": lambda: c.VisitGroup(actor="fac", space_id=f"s{group}"),
        "unvisit": lambda: c.EndVisit(actor="fac"),
        "extend": lambda: a.ExtendPhase(actor="fac", seconds=seconds),
        "call_back": lambda: c.CallGroupsBack(actor="fac"),
        "skip": lambda: a.SkipPhase(actor="fac"),
    }
    try:
        if kind == "join":
            room.join(who)
        elif kind == "wait":
            room.advance(seconds)
        else:
            room.do(commands[kind]())
    except Rejected:
        pass


def check_everyone_in_exactly_one_group(room: Room) -> None:
    sp = room.state.spaces
    if not sp.open:
        return
    placed = [m for s in sp.open for m in s.members]
    assert sorted(placed) == sorted(participants(room.state)), "every present participant in exactly one group"
    nonempty = [s for s in sp.open if s.members]
    if len(nonempty) > 1:
        assert all(len(s.members) > 1 for s in nonempty), "nobody alone while another group exists"
    assert [g.members for g in room.state.agenda.groups] == [s.members for s in nonempty]
    assert set(room.state.agenda.roles) <= set(placed)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=2, max_value=7), st.lists(step, max_size=30))
def test_every_present_participant_is_in_exactly_one_group_and_replay_gives_the_live_state(
    start_with: int, steps: list[tuple[str, str, int, float]]
) -> None:
    room = Room(template="1-2-4-all", participants=start_with)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(60)
    for kind, who, group, seconds in steps:
        act(room, kind, who, group, seconds)
        check_everyone_in_exactly_one_group(room)
    room.advance(3600)  # nobody is left out: every phase ends and everyone comes back
    assert room.state.spaces.open == []
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, decode_event(*encode_event(ev)))
    assert replayed == room.state
    assert decode_state(encode_state(room.state)) == room.state
