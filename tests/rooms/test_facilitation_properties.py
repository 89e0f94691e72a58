"""Properties of the floor and the agenda under any sequence of commands and any passage of time."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rooms import Event, RoomState, apply
from rooms.agenda import events as ae
from rooms.floor import airtime_report
from rooms.floor import events as fe
from server.log.codec import decode_event, decode_state, encode_event, encode_state
from tests.rooms.facilitation_script import KINDS, MEMBERS, play
from tests.rooms.room import Room

steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(MEMBERS),
        st.sampled_from(MEMBERS),
        st.floats(min_value=0, max_value=120, allow_nan=False),
    ),
    min_size=10,
    max_size=60,
)


def run(template: str, script: list[tuple[str, str, str, float]]) -> Room:
    room = Room(template=template, participants=5)
    for kind, who, other, amount in script:
        if kind == "wait":
            room.advance(amount)
        else:
            play(room, kind, who, other, amount)
        check_live(room)
    return room


def check_live(room: Room) -> None:
    floor = room.state.floor
    queue = floor.queue()
    assert len(queue) == len(set(queue)), "a member is twice in the queue"
    assert all(room.state.admitted(m) for m in queue), "a departed member still has a hand up"
    if floor.speaker is not None:
        assert room.state.admitted(floor.speaker.member_id), "the floor is held by someone who left"


def floor_time_from_log(log: list[Event], now: float) -> tuple[float, int]:
    """Seconds the floor was held, measured from the events alone; and the most holders at once."""
    holder: str | None = None
    paused = False
    last = 0.0
    held = 0.0
    most = 0
    for ev in log:
        if holder is not None and not paused:
            held += ev.at - last
        last = ev.at
        if isinstance(ev, fe.TurnStarted):
            assert holder is None, f"{ev.member_id} got the floor while {holder} held it"
            holder = ev.member_id
        elif isinstance(ev, fe.TurnEnded):
            assert holder == ev.member_id
            holder = None
        elif isinstance(ev, ae.AgendaPaused):
            paused = True
        elif isinstance(ev, ae.AgendaResumed | ae.PhaseStarted | ae.AgendaFinished | ae.AgendaReset):
            paused = False
        most = max(most, 0 if holder is None else 1)
    if holder is not None and not paused:
        held += now - last
    return held, most


def check_rounds(log: list[Event]) -> None:
    """Within a talking-stick round nobody gets the stick twice, nor after passing."""
    had: set[str] | None = None
    for ev in log:
        if isinstance(ev, fe.StickRoundStarted):
            had = set()
        elif isinstance(ev, fe.StickRoundEnded):
            assert had is not None
            assert len(ev.done) == len(set(ev.done)), "a member is twice in a round's done list"
            had = None
        elif isinstance(ev, fe.StickPassed):
            assert had is not None and ev.member_id not in had
            had.add(ev.member_id)
        elif isinstance(ev, fe.TurnStarted) and ev.stick:
            assert had is not None and ev.member_id not in had, f"{ev.member_id} got the stick twice"
            had.add(ev.member_id)


@pytest.mark.parametrize("template", ["check-in", "aar"])
@settings(max_examples=100, deadline=None)
@given(script=steps)
def test_nobody_gets_a_second_turn_in_a_talking_stick_round(template: str, script: list[Any]) -> None:
    check_rounds(run(template, script).log)


@pytest.mark.parametrize("template", ["aar", "coaching-triad", "t-group"])
@settings(max_examples=100, deadline=None)
@given(script=steps)
def test_at_most_one_speaker_and_airtime_adds_up_to_floor_time(template: str, script: list[Any]) -> None:
    room = run(template, script)
    held, most = floor_time_from_log(room.log, room.now)
    assert most <= 1
    report = airtime_report(room.state, room.now)
    assert report.total_seconds == pytest.approx(held, abs=1e-6)
    ended = sum(e.seconds for e in room.log if isinstance(e, fe.TurnEnded))
    live = room.state.floor.speaker
    live_seconds = 0.0 if live is None else live.held + (0 if live.paused_at else room.now - live.since)
    assert report.total_seconds == pytest.approx(ended + live_seconds, abs=1e-6)


@pytest.mark.parametrize("template", ["aar", "1-2-4-all"])
@settings(max_examples=100, deadline=None)
@given(script=steps)
def test_replaying_the_log_or_a_snapshot_gives_the_live_state(template: str, script: list[Any]) -> None:
    room = run(template, script)
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, decode_event(*encode_event(ev)))
    assert replayed == room.state
    assert decode_state(encode_state(room.state)) == room.state  # snapshots keep every deadline
