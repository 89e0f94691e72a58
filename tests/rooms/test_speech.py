"""Measured speech: the listener's windows become speaking time, contributions, overlaps,
interruptions and silences, per phase and in total. Core tests with a fake `now`."""

from __future__ import annotations

import copy

import msgspec
import pytest

from rooms import Rejected, RoomState, apply, views
from rooms.agenda import commands as a
from rooms.errors import Code
from rooms.floor import commands as f
from rooms.speech.commands import MeasureSpeech, ReportListenerLoad, Segment
from rooms.speech.events import ListenerStarted, SpeechMeasured
from rooms.speech.figures import not_spoken_yet, shares
from rooms.speech.measure import measure
from rooms.speech.state import SpeechState
from rooms.state import AirtimeAudience, Role
from tests.rooms.room import START, Room
from tests.rooms.test_spaces import groups, pairs_room


def hear(room: Room, start: float, end: float, *segments: Segment, listener: str = "L1") -> list[object]:
    """One listener window, measured at its end."""
    room.now = START + end
    return room.do(
        MeasureSpeech(actor="", listener=listener, start=START + start, end=START + end, segments=list(segments))
    )  # type: ignore[return-value]


def seg(member: str, start: float, end: float, ongoing: bool = False) -> Segment:
    return Segment(member, START + start, START + end, ongoing)


def secs(room: Room, member: str) -> float:
    return round(room.state.speech.tallies[member].seconds, 3)


def test_a_speaker_heard_across_three_windows_counts_three_seconds_and_one_contribution() -> None:
    room = Room(participants=2)
    hear(room, 0, 1, seg("p1", 0.2, 1, ongoing=True))
    hear(room, 1, 2, seg("p1", 0.2, 2, ongoing=True))
    hear(room, 2, 3.5, seg("p1", 0.2, 3.2))
    tally = room.state.speech.tallies["p1"]
    assert secs(room, "p1") == 3.0
    assert tally.contributions == 1
    assert room.state.speech.open == {}


def test_two_people_talking_at_once_is_one_overlap_and_the_later_one_interrupted() -> None:
    room = Room(participants=2)
    hear(room, 0, 3, seg("p1", 0, 3, ongoing=True), seg("p2", 2, 3, ongoing=True))
    hear(room, 3, 6, seg("p1", 0, 4), seg("p2", 2, 6))
    sp = room.state.speech
    assert sp.overlaps == 1
    assert round(sp.overlap_seconds, 3) == 2.0
    assert sp.interruptions == {"p2": {"p1": 1}}
    assert secs(room, "p1") == 4.0 and secs(room, "p2") == 4.0
    assert round(sp.tallies["p1"].overlap_seconds, 3) == 2.0


def test_an_overlap_that_spans_two_windows_is_counted_once() -> None:
    room = Room(participants=2)
    hear(room, 0, 1, seg("p1", 0, 1, ongoing=True), seg("p2", 0.5, 1, ongoing=True))
    hear(room, 1, 2, seg("p1", 0, 2, ongoing=True), seg("p2", 0.5, 2, ongoing=True))
    hear(room, 2, 3, seg("p1", 0, 2.5), seg("p2", 0.5, 3))
    assert room.state.speech.overlaps == 1
    assert round(room.state.speech.overlap_seconds, 3) == 2.0


def test_handing_over_on_the_instant_is_neither_an_overlap_nor_an_interruption() -> None:
    room = Room(participants=2)
    hear(room, 0, 4, seg("p1", 0, 2), seg("p2", 2, 4))
    assert room.state.speech.overlaps == 0
    assert room.state.speech.interruptions == {}


def test_the_longest_silence_is_the_longest_stretch_with_nobody_speaking() -> None:
    room = Room(participants=2)
    hear(room, 0, 2, seg("p1", 0, 1))
    hear(room, 2, 4)
    hear(room, 4, 6, seg("p2", 5, 6))
    assert room.state.speech.longest_silence == pytest.approx(4.0)
    assert room.state.speech.silence_since == pytest.approx(START + 6)


def test_a_silence_still_going_counts_as_the_longest() -> None:
    room = Room(participants=1)
    hear(room, 0, 1, seg("p1", 0, 1))
    hear(room, 1, 9)
    assert room.state.speech.longest_silence == pytest.approx(8.0)


def test_nobody_speaking_in_a_window_adds_no_speaker() -> None:
    room = Room(participants=2)
    measured = hear(room, 0, 5)[-1]
    assert isinstance(measured, SpeechMeasured) and measured.speakers == {}
    assert room.state.speech.tallies == {}


def test_speech_is_counted_per_phase_of_the_agenda() -> None:
    room = Room(template="check-in", participants=2)
    hear(room, 0, 2, seg("p1", 0, 2))
    room.now = START + 2
    room.do(a.StartAgenda(actor="fac"))
    phase = room.state.agenda.phases[room.state.agenda.index].id
    hear(room, 2, 5, seg("p1", 2, 3), seg("p2", 3, 5))
    by_phase = room.state.speech.tallies["p1"].by_phase
    assert by_phase == {"": pytest.approx(2.0), phase: pytest.approx(1.0)}
    assert room.state.speech.tallies["p1"].contributions_by_phase == {"": 1, phase: 1}
    assert room.state.speech.phases[phase].longest_silence == pytest.approx(0.0)


def test_who_has_not_spoken_yet_comes_from_speech_not_from_the_floor() -> None:
    room = Room(participants=2)
    room.do(f.GiveFloor(actor="fac", target="p2"))  # holding the floor is not speaking
    hear(room, 0, 2, seg("p1", 0, 2))
    assert not_spoken_yet(room.state) == ["fac", "p2"]


def test_each_share_is_set_against_an_equal_share() -> None:
    room = Room(participants=3)
    hear(room, 0, 4, seg("p1", 0, 3), seg("p2", 3, 4))
    by_member = {s.member_id: s for s in shares(room.state)}
    assert by_member["p1"].share == pytest.approx(0.75)
    assert by_member["p3"].share == 0
    assert by_member["p1"].equal_share == pytest.approx(0.25)


def test_a_new_listener_after_a_takeover_reports_the_gap_and_starts_afresh() -> None:
    room = Room(participants=1)
    hear(room, 0, 1, seg("p1", 0, 1, ongoing=True))
    events = hear(room, 4, 5, seg("p1", 4, 5), listener="L2")
    assert isinstance(events[0], ListenerStarted) and events[0].gap_start == START + 1
    sp = room.state.speech
    assert [(g.start - START, g.end - START) for g in sp.gaps] == [(1.0, 4.0)]
    assert sp.listener == "L2"
    assert secs(room, "p1") == 2.0
    assert sp.tallies["p1"].contributions == 2  # the gap broke the utterance: counted anew


def test_a_late_window_from_a_listener_that_lost_the_room_changes_nothing() -> None:
    room = Room(participants=1)
    hear(room, 0, 2, seg("p1", 0, 2))
    hear(room, 5, 6, listener="L2")
    before = copy.deepcopy(room.state)
    with pytest.raises(Rejected) as err:
        hear(room, 2, 3, seg("p1", 2, 3), listener="L1")
    assert err.value.code is Code.CONFLICT
    assert room.state == before


def test_a_segment_outside_its_window_is_refused() -> None:
    room = Room(participants=1)
    with pytest.raises(Rejected) as err:
        hear(room, 0, 1, seg("p1", 0, 3))
    assert err.value.code is Code.BAD_VALUE


def test_a_listener_that_falls_behind_says_so_and_then_that_it_caught_up() -> None:
    room = Room(participants=1)
    assert room.do(ReportListenerLoad(actor="", listener="L1", overloaded=True))
    assert room.state.speech.overloaded
    assert room.do(ReportListenerLoad(actor="", listener="L1", overloaded=True)) == []
    room.do(ReportListenerLoad(actor="", listener="L1", overloaded=False))
    assert not room.state.speech.overloaded


def test_a_replay_of_the_log_rebuilds_the_same_measurement() -> None:
    room = Room(participants=2)
    hear(room, 0, 3, seg("p1", 0, 3, ongoing=True), seg("p2", 1, 3, ongoing=True))
    hear(room, 3, 6, seg("p1", 0, 4), seg("p2", 1, 6))
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, ev)
    assert replayed.speech == room.state.speech


def as_seen_by(room: Room, member: str, value: object) -> dict:  # type: ignore[type-arg]
    viewer = views.Viewer(member, room.state.members[member].role)
    return msgspec.to_builtins(views.view_event(value, viewer))  # type: ignore[arg-type, no-any-return]


def speech_of(room: Room, member: str) -> dict:  # type: ignore[type-arg]
    viewer = views.Viewer(member, room.state.members[member].role)
    return msgspec.to_builtins(views.view_state(room.state, viewer))["speech"]  # type: ignore[no-any-return]


def test_participants_see_no_measured_speech_unless_the_room_shows_airtime_to_everyone() -> None:
    room = Room(participants=1)
    measured = hear(room, 0, 2, seg("p1", 0, 2))[-1]
    assert "speakers" not in as_seen_by(room, "p1", measured)
    assert as_seen_by(room, "fac", measured)["speakers"]["p1"]["seconds"] == 2.0
    assert "tallies" not in speech_of(room, "p1")
    assert speech_of(room, "fac")["tallies"]["p1"]["seconds"] == 2.0
    room.do(f.SetAirtimeVisibility(actor="fac", visible_to=AirtimeAudience.EVERYONE))
    (later,) = hear(room, 2, 3, seg("p1", 2, 3))
    assert as_seen_by(room, "p1", later)["speakers"]["p1"]["seconds"] == 1.0
    assert speech_of(room, "p1")["tallies"]["p1"]["seconds"] == 3.0


def test_observers_are_never_listed_as_not_having_spoken() -> None:
    room = Room(participants=1)
    room.join("obs", Role.OBSERVER)
    assert "obs" not in not_spoken_yet(room.state)


def test_a_pause_shorter_than_the_detectors_hangover_at_a_window_edge_continues_the_utterance() -> None:
    room = Room(participants=1)
    hear(room, 0, 1, seg("p1", 0.2, 0.8, ongoing=True))  # silent 0.8-1.0 but not closed yet
    hear(room, 1, 2, seg("p1", 0.2, 2))
    assert secs(room, "p1") == 1.8
    assert room.state.speech.tallies["p1"].contributions == 1


def test_people_in_different_groups_talking_at_once_do_not_overlap() -> None:
    window = MeasureSpeech(actor="", listener="L", start=0, end=4, segments=[Segment("a", 0, 3), Segment("b", 1, 4)])
    apart = measure(SpeechState(), window, "", lambda m: m, fresh=True)
    together = measure(SpeechState(), window, "", lambda m: "", fresh=True)
    assert (apart.overlaps, apart.interruptions) == (0, [])
    assert together.overlaps == 1 and together.overlap_seconds == 2.0


def test_overlap_heard_late_is_counted_in_the_next_window() -> None:
    room = Room(participants=2)
    # Both still speaking, but their last frames so far reach only 0.7 s (they arrived late).
    hear(room, 0, 1, seg("p1", 0, 0.7, ongoing=True), seg("p2", 0, 0.7, ongoing=True))
    hear(room, 1, 2, seg("p1", 0, 2), seg("p2", 0, 2))
    assert room.state.speech.overlap_seconds == pytest.approx(2.0)
    assert room.state.speech.overlaps == 1


def test_in_a_breakout_only_people_of_one_group_overlap() -> None:
    room = pairs_room(participants=4)
    (a1, a2), (b1, _) = groups(room)[0], groups(room)[1]
    start = room.now - START
    # Someone in each pair talks at once (no overlap); then a1's partner talks over a1 (an overlap).
    hear(room, start, start + 4, seg(a1, start, start + 3), seg(b1, start + 1, start + 4))
    assert room.state.speech.overlaps == 0
    hear(room, start + 4, start + 8, seg(a1, start + 4, start + 7), seg(a2, start + 5, start + 8))
    assert room.state.speech.overlaps == 1
    assert room.state.speech.interruptions == {a2: {a1: 1}}
    assert set(room.state.speech.phases) == {"two"}


def test_an_utterance_heard_late_counts_whole() -> None:
    room = Room(participants=1)
    hear(room, 0, 1)
    hear(room, 1, 2, seg("p1", 0.5, 2))  # its first frames arrived after the first window was sent
    assert secs(room, "p1") == 1.5
