"""Recording only when everyone has been told (RELIABILITY.md: nobody is recorded unannounced).

A facilitator starts and stops it; `RecordingStarted` reaches every member at once and names who
started it, and anyone about to join sees it before entering (server/http_api.py, the pre-join
notice). Any member may decline at any time, before or during a recording: the listener never writes
their track. Files are listed here as the listener closes them, with their length, and marked
deleted (with when) once the operator's retention removed them.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.rules import Rules
from rooms.sessions.ending import SessionEnded
from rooms.sessions.rules import SessionStarted
from rooms.speech import commands as c
from rooms.speech import events as e
from rooms.speech.state import Recording, RecordingFile, SpeechState
from rooms.state import RoomState

rules = Rules("speech.recording", writes=frozenset({"speech"}))


def recording_now(state: RoomState) -> Recording | None:
    """The recording running now, if any (an ended session records nothing)."""
    rec = state.speech.recording
    return rec if rec is not None and state.ended_at is None else None


def may_record(state: RoomState, member_id: str) -> bool:
    """Whether `member_id`'s microphone may be written to the running recording now."""
    return recording_now(state) is not None and member_id not in state.speech.declined


@rules.decider(c.StartRecording)
def start_recording(state: RoomState, cmd: c.StartRecording, now: float) -> list[Event]:
    if state.ended_at is not None:
        raise Rejected(Code.WRONG_STATE, "this session has ended")
    if state.speech.recording is not None:
        raise Rejected(Code.CONFLICT, "the session is being recorded already")
    member = state.members[cmd.actor]
    rec_id = f"rec-{state.session}-{len(state.speech.recordings) + 1}"
    return [e.RecordingStarted(at=now, recording_id=rec_id, by=cmd.actor, by_name=member.name)]


@rules.decider(c.StopRecording)
def stop_recording(state: RoomState, cmd: c.StopRecording, now: float) -> list[Event]:
    rec = state.speech.recording
    if rec is None:
        raise Rejected(Code.WRONG_STATE, "nothing is being recorded")
    return [e.RecordingStopped(at=now, recording_id=rec.id, by=cmd.actor)]


@rules.decider(c.DeclineRecording)
def decline_recording(state: RoomState, cmd: c.DeclineRecording, now: float) -> list[Event]:
    if cmd.actor in state.speech.declined:
        return []
    return [e.RecordingDeclined(at=now, member_id=cmd.actor)]


@rules.decider(c.AcceptRecording)
def accept_recording(state: RoomState, cmd: c.AcceptRecording, now: float) -> list[Event]:
    if cmd.actor not in state.speech.declined:
        return []
    return [e.RecordingAccepted(at=now, member_id=cmd.actor)]


@rules.decider(c.NoteRecordingFile)
def note_recording_file(state: RoomState, cmd: c.NoteRecordingFile, now: float) -> list[Event]:
    if not any(r.id == cmd.recording_id for r in state.speech.recordings):
        raise Rejected(Code.NOT_FOUND, f"no recording {cmd.recording_id}")
    if not 0 <= cmd.seconds <= 24 * 3600:
        raise Rejected(Code.BAD_VALUE, "a track lasts between 0 and 24 hours")
    return [
        e.RecordingFileSaved(
            at=now, recording_id=cmd.recording_id, member_id=cmd.member_id, name=cmd.name, seconds=cmd.seconds
        )
    ]


@rules.decider(c.NoteRecordingFilesDeleted)
def note_recording_files_deleted(state: RoomState, cmd: c.NoteRecordingFilesDeleted, now: float) -> list[Event]:
    rec = next((r for r in state.speech.recordings if r.id == cmd.recording_id), None)
    if rec is None:
        raise Rejected(Code.NOT_FOUND, f"no recording {cmd.recording_id}")
    names = [f.name for f in rec.files if f.name in cmd.names and f.deleted_at is None]
    return [e.RecordingFilesDeleted(at=now, recording_id=rec.id, names=names)] if names else []


@rules.applier(e.RecordingStarted)
def recording_started(state: RoomState, ev: e.RecordingStarted) -> None:
    rec = Recording(id=ev.recording_id, started_at=ev.at, started_by=ev.by, started_by_name=ev.by_name)
    state.speech.recordings.append(rec)
    state.speech.recording_id = rec.id


@rules.applier(e.RecordingStopped)
def recording_stopped(state: RoomState, ev: e.RecordingStopped) -> None:
    rec = state.speech.recording
    if rec is not None:
        rec.stopped_at = ev.at
        rec.stopped_by = ev.by
    state.speech.recording_id = ""


@rules.applier(e.RecordingDeclined)
def recording_declined(state: RoomState, ev: e.RecordingDeclined) -> None:
    state.speech.declined.append(ev.member_id)


@rules.applier(e.RecordingAccepted)
def recording_accepted(state: RoomState, ev: e.RecordingAccepted) -> None:
    state.speech.declined.remove(ev.member_id)


@rules.applier(e.RecordingFileSaved)
def recording_file_saved(state: RoomState, ev: e.RecordingFileSaved) -> None:
    for rec in state.speech.recordings:
        if rec.id == ev.recording_id:
            rec.files.append(RecordingFile(member_id=ev.member_id, name=ev.name, seconds=ev.seconds))


@rules.applier(e.RecordingFilesDeleted)
def recording_files_deleted(state: RoomState, ev: e.RecordingFilesDeleted) -> None:
    for rec in state.speech.recordings:
        if rec.id == ev.recording_id:
            for f in rec.files:
                if f.name in ev.names and f.deleted_at is None:
                    f.deleted_at = ev.at


@rules.reaction(SessionEnded)
def stop_with_the_session(state: RoomState, ev: SessionEnded) -> list[Event]:
    """Ending the session stops its recording: the next session is never recorded unannounced."""
    rec = state.speech.recording
    return [] if rec is None else [e.RecordingStopped(at=ev.at, recording_id=rec.id, by=ev.by)]


@rules.reaction(SessionStarted)
def clear_with_the_next_session(state: RoomState, ev: SessionStarted) -> list[Event]:
    """A new session: its speech is counted afresh, and a recording still running stops."""
    out: list[Event] = []
    rec = state.speech.recording
    if rec is not None:
        out.append(e.RecordingStopped(at=ev.at, recording_id=rec.id, by=""))
    if state.speech.tallies or state.speech.phases or state.speech.gaps:
        out.append(e.SpeechCleared(at=ev.at))
    return out


@rules.applier(e.SpeechCleared)
def speech_cleared(state: RoomState, ev: e.SpeechCleared) -> None:
    old = state.speech
    state.speech = SpeechState(
        listener=old.listener,
        measured_until=old.measured_until,
        recordings=old.recordings,
        declined=old.declined,
    )
