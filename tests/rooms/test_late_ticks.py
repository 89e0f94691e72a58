"""A tick that comes late (a paused node, a takeover) yields what ticking on every deadline would have."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rooms.agenda import commands as a
from tests.rooms.facilitation_script import KINDS, MEMBERS, play
from tests.rooms.room import Room

script_steps = st.lists(
    st.tuples(
        st.sampled_from([*KINDS, "late", "late"]),
        st.sampled_from(MEMBERS),
        st.sampled_from(MEMBERS),
        st.floats(min_value=0, max_value=600, allow_nan=False),
    ),
    min_size=5,
    max_size=50,
)


def step(room: Room, kind: str, who: str, other: str, amount: float, late: bool) -> None:
    """One step of the script; `late` rooms skip every deadline of a wait and tick once at its end."""
    if kind in ("wait", "late"):
        if late:
            room.now += amount
            room.tick()
        else:
            room.advance(amount)
            room.tick()
    else:
        play(room, kind, who, other, amount)


@pytest.mark.parametrize("template", ["check-in", "aar", "coaching-triad", "1-2-4-all"])
@settings(max_examples=60, deadline=None)
@given(script=script_steps)
def test_one_late_tick_equals_ticking_at_every_deadline(template: str, script: list[Any]) -> None:
    on_time = Room(template=template, participants=4)
    late = copy.deepcopy(on_time)
    for kind, who, other, amount in script:
        step(on_time, kind, who, other, amount, late=False)
        step(late, kind, who, other, amount, late=True)
        assert late.types() == on_time.types()
        assert late.log == on_time.log
        assert late.state == on_time.state


def test_a_late_tick_stamps_each_event_at_its_own_deadline_not_at_the_late_moment() -> None:
    room = Room(template="aar", participants=3)
    room.do(a.StartAgenda(actor="fac"))
    turn = room.state.floor.speaker
    assert turn is not None and turn.warn_at is not None and turn.ends_at is not None
    room.now = turn.ends_at + 1
    fired = room.tick()
    assert [(type(ev).__name__, ev.at) for ev in fired] == [
        ("TurnWarned", turn.warn_at),
        ("TurnTimeUp", turn.ends_at),
    ]
