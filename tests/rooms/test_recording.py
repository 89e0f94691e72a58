"""Recording only when everyone has been told: who starts it, who declines, what gets listed.
Core tests with a fake `now`."""

from __future__ import annotations

import copy

import pytest

from rooms import Rejected
from rooms.errors import Code
from rooms.sessions.commands import EndSession, StartNextSession
from rooms.speech import commands as c
from rooms.speech.commands import MeasureSpeech, Segment
from rooms.speech.events import RecordingStarted
from rooms.speech.recording import may_record, recording_now
from rooms.state import Role
from tests.rooms.room import Room


def test_a_facilitator_starts_a_recording_that_names_who_started_it() -> None:
    room = Room(participants=2)
    (started,) = room.do(c.StartRecording(actor="fac"))
    assert isinstance(started, RecordingStarted)
    assert started.by == "fac" and started.by_name == "FAC"
    assert recording_now(room.state) is not None
    assert may_record(room.state, "p1")


def test_a_participant_may_not_start_or_stop_a_recording() -> None:
    room = Room(participants=1)
    before = copy.deepcopy(room.state)
    with pytest.raises(Rejected) as err:
        room.do(c.StartRecording(actor="p1"))
    assert err.value.code is Code.FORBIDDEN
    assert room.state == before


def test_a_second_start_while_recording_is_refused() -> None:
    room = Room()
    room.do(c.StartRecording(actor="fac"))
    with pytest.raises(Rejected) as err:
        room.do(c.StartRecording(actor="fac"))
    assert err.value.code is Code.CONFLICT


def test_a_member_who_declined_is_never_recorded_even_while_others_are() -> None:
    room = Room(participants=2)
    room.do(c.DeclineRecording(actor="p2"))
    room.do(c.StartRecording(actor="fac"))
    assert may_record(room.state, "p1")
    assert not may_record(room.state, "p2")
    room.do(c.AcceptRecording(actor="p2"))
    assert may_record(room.state, "p2")


def test_declining_twice_is_one_refusal() -> None:
    room = Room(participants=1)
    room.do(c.DeclineRecording(actor="p1"))
    assert room.do(c.DeclineRecording(actor="p1")) == []
    assert room.state.speech.declined == ["p1"]


def test_nothing_is_recorded_after_a_stop_or_once_the_session_ended() -> None:
    room = Room(participants=1)
    room.do(c.StartRecording(actor="fac"))
    room.do(c.StopRecording(actor="fac"))
    assert not may_record(room.state, "p1")
    room.do(c.StartRecording(actor="fac"))
    room.do(EndSession(actor="fac"))
    assert not may_record(room.state, "p1")
    with pytest.raises(Rejected):
        room.do(c.StartRecording(actor="fac"))


def test_stopping_when_nothing_records_is_refused() -> None:
    room = Room()
    with pytest.raises(Rejected) as err:
        room.do(c.StopRecording(actor="fac"))
    assert err.value.code is Code.WRONG_STATE


def test_each_saved_track_is_listed_with_its_length() -> None:
    room = Room(participants=1)
    room.join("co", Role.CO_FACILITATOR)
    (started,) = room.do(c.StartRecording(actor="co"))
    room.do(c.StopRecording(actor="fac"))
    room.do(
        c.NoteRecordingFile(actor="", recording_id=started.recording_id, member_id="p1", name="p1.wav", seconds=4.5)
    )
    (rec,) = room.state.speech.recordings
    assert rec.started_by_name == "CO" and rec.stopped_by == "fac"
    assert [(f.member_id, f.seconds) for f in rec.files] == [("p1", 4.5)]
    with pytest.raises(Rejected):
        room.do(c.NoteRecordingFile(actor="", recording_id="nope", member_id="p1", name="x.wav", seconds=1))


def test_ending_the_session_stops_its_recording() -> None:
    room = Room(participants=1)
    room.do(c.StartRecording(actor="fac"))
    events = room.do(EndSession(actor="fac"))
    assert [type(ev).__name__ for ev in events][-2:] == ["SessionEnded", "RecordingStopped"]
    assert room.state.speech.recording is None


def test_the_next_session_counts_speech_afresh_and_keeps_refusals() -> None:
    room = Room(participants=1)
    room.do(c.DeclineRecording(actor="p1"))
    room.do(
        MeasureSpeech(
            actor="", listener="L", start=room.now, end=room.now + 2, segments=[Segment("p1", room.now, room.now + 2)]
        )
    )
    room.now += 3
    room.do(StartNextSession(actor="fac"))
    assert room.state.speech.tallies == {}
    assert room.state.speech.declined == ["p1"]
    assert room.state.speech.listener == "L"
