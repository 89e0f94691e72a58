"""The session record carries measured speech per person and per phase, and each recording's tracks,
by name and never by member id (md, json, csv)."""

from __future__ import annotations

import json

from rooms.agenda import commands as a
from rooms.speech import commands as c
from rooms.speech.commands import MeasureSpeech, Segment
from server.record.build import build_record
from server.record.render import to_csv, to_markdown
from tests.rooms.room import START, Room


def spoken_room() -> Room:
    room = Room(template="check-in", participants=2)
    room.do(
        MeasureSpeech(actor="", listener="L", start=START, end=START + 4, segments=[Segment("p1", START, START + 3)])
    )
    room.now = START + 4
    room.do(a.StartAgenda(actor="fac"))
    room.now = START + 8
    seg = [Segment("p1", START + 4, START + 6), Segment("p2", START + 5, START + 8)]
    room.do(MeasureSpeech(actor="", listener="L", start=START + 4, end=START + 8, segments=seg))
    (started,) = room.do(c.StartRecording(actor="fac"))
    room.do(c.StopRecording(actor="fac"))
    room.do(
        c.NoteRecordingFile(actor="", recording_id=started.recording_id, member_id="p2", name="p2.wav", seconds=2.0)
    )
    return room


def test_the_record_has_each_persons_measured_speech_and_who_has_not_spoken() -> None:
    record = build_record(spoken_room().state, START + 10)
    people = {p["name"]: p for p in record["measured_speech"]["people"]}
    assert people["P1"]["seconds"] == 5.0 and people["P1"]["contributions"] == 2
    assert people["P2"]["was_interrupted"] == 0 and people["P1"]["was_interrupted"] == 1
    assert people["FAC"]["has_not_spoken"]
    assert record["measured_speech"]["overlaps"] == 1


def test_the_record_splits_measured_speech_by_phase() -> None:
    room = spoken_room()
    record = build_record(room.state, START + 10)
    phases = {p["phase"]: {q["name"]: q["seconds"] for q in p["people"]} for p in record["measured_speech"]["phases"]}
    first = room.state.agenda.phases[0].title
    assert phases["(outside the agenda)"] == {"P1": 3.0}
    assert phases[first] == {"P1": 2.0, "P2": 3.0}


def test_the_record_lists_each_recording_track_with_its_length() -> None:
    record = build_record(spoken_room().state, START + 10)
    [rec] = record["recordings"]
    assert rec["started_by"] == "FAC"
    assert rec["tracks"] == [{"name": "P2", "file": "p2.wav", "seconds": 2.0, "deleted_at": None}]


def test_every_format_shows_it_and_none_names_a_member_id() -> None:
    room = spoken_room()
    record = build_record(room.state, START + 10)
    text = to_markdown(record)
    table = to_csv(record)
    assert "## Measured speech" in text and "## Recordings" in text
    assert "speech_phase" in table and "recording" in table
    for out in (text, table, json.dumps(record)):
        for member_id in room.state.members:
            if member_id != "fac":  # "fac" is also a word in names; the ids below are distinct
                assert f'"{member_id}"' not in out
