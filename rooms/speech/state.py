"""State of measured speech and of the room's recordings (rooms/speech)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SpeakerTally:
    """What one member's microphone carried: voice seconds and utterances, in total and per phase."""

    seconds: float = 0.0
    contributions: int = 0
    #: seconds this member spoke while somebody else (in the same group) spoke too
    overlap_seconds: float = 0.0
    #: phase id -> seconds ("" is time outside any phase)
    by_phase: dict[str, float] = field(default_factory=dict)
    #: phase id -> utterances started in it
    contributions_by_phase: dict[str, int] = field(default_factory=dict)
    first_spoke_at: float | None = None


@dataclass
class OpenUtterance:
    """An utterance still going at the end of the last measured window."""

    start: float
    #: up to when its seconds are already counted
    counted_until: float


@dataclass
class PhaseSpeech:
    """The room's figures for one phase: overlap episodes, overlapping seconds, longest silence."""

    overlaps: int = 0
    overlap_seconds: float = 0.0
    longest_silence: float = 0.0
    interruptions: int = 0


@dataclass
class ListeningGap:
    """A stretch of time nobody measured (the listener's node died and another took over)."""

    start: float
    end: float
    listener: str


@dataclass
class RecordingFile:
    """One member's track of a recording, in the data directory."""

    member_id: str
    name: str
    seconds: float
    #: when the retention sweep deleted the file (None: still in the data directory)
    deleted_at: float | None = None


@dataclass
class Recording:
    """An audio recording of the session, started and stopped by a facilitator."""

    id: str
    started_at: float
    started_by: str
    started_by_name: str
    stopped_at: float | None = None
    stopped_by: str = ""
    files: list[RecordingFile] = field(default_factory=list)


@dataclass
class SpeechState:
    """Everything the listener has measured so far, and the recordings."""

    #: the listener now measuring ("" before any); a new one after a takeover
    listener: str = ""
    #: end of the last measured window (None before the first)
    measured_until: float | None = None
    tallies: dict[str, SpeakerTally] = field(default_factory=dict)
    open: dict[str, OpenUtterance] = field(default_factory=dict)
    #: episodes of two or more people (in one group) speaking at once
    overlaps: int = 0
    overlap_seconds: float = 0.0
    #: groups where two or more were speaking at `measured_until` (an episode that goes on)
    overlapping: list[str] = field(default_factory=list)
    #: interrupter -> interrupted -> times
    interruptions: dict[str, dict[str, int]] = field(default_factory=dict)
    #: since when nobody has spoken (None while someone speaks or before listening)
    silence_since: float | None = None
    longest_silence: float = 0.0
    phases: dict[str, PhaseSpeech] = field(default_factory=dict)
    #: the phase of the last window (a silence is counted per phase from the phase's first window)
    phase_id: str = ""
    phase_silence_since: float | None = None
    gaps: list[ListeningGap] = field(default_factory=list)
    #: seconds of audio the listener heard but could not analyse (it fell behind)
    unanalysed_seconds: float = 0.0
    #: the listener says it is dropping analysis right now
    overloaded: bool = False
    #: the running recording's id ("" when none runs); it is one of `recordings`
    recording_id: str = ""
    recordings: list[Recording] = field(default_factory=list)
    #: members who said no to being recorded (their track is never written)
    declined: list[str] = field(default_factory=list)

    @property
    def recording(self) -> Recording | None:
        """The recording running now, if any (one object in `recordings`, never a copy)."""
        for rec in self.recordings:
            if rec.id == self.recording_id:
                return rec
        return None
