"""Commands about measured speech and recording (rooms/speech)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rooms.base import Command


@dataclass(frozen=True, slots=True)
class Segment:
    """One utterance the listener heard in a window: `ongoing` when it goes on past the window's end.

    An ongoing utterance is sent again in the next window with the same `start`; the room counts
    only the part it has not counted yet.
    """

    member_id: str
    start: float
    end: float
    ongoing: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureSpeech(Command):
    """The listener's report for [start, end]: every utterance it heard (from the server only)."""

    system: ClassVar[bool] = True
    listener: str
    start: float
    end: float
    segments: list[Segment] = field(default_factory=list)
    #: seconds of audio in the window the listener had no time to analyse
    unanalysed: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportListenerLoad(Command):
    """The listener fell behind (drops analysis) or caught up again (from the server only)."""

    system: ClassVar[bool] = True
    listener: str
    overloaded: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class StartRecording(Command):
    """Start recording the session's audio: everyone sees it at once, and anyone may decline (facilitators)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StopRecording(Command):
    """Stop the recording (facilitators)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclineRecording(Command):
    """Say no to being recorded: your microphone is never written to a recording of this session."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptRecording(Command):
    """Withdraw your refusal: from now on your microphone is in the recording like the others'."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteRecordingFile(Command):
    """The listener closed one member's track of a recording (from the server only)."""

    system: ClassVar[bool] = True
    recording_id: str
    member_id: str
    name: str
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteRecordingFilesDeleted(Command):
    """The retention sweep deleted tracks of a recording from the data directory (from the server
    only): `names` are the files, as `NoteRecordingFile` gave them."""

    system: ClassVar[bool] = True
    recording_id: str
    names: list[str] = field(default_factory=list)
