"""Events about measured speech and recording (rooms/speech)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Event


@dataclass(frozen=True, slots=True)
class SpeakerDelta:
    """What one window adds to one member's tally."""

    seconds: float = 0.0
    contributions: int = 0
    overlap_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Interruption:
    """`by` started speaking at `at` while `of` was speaking."""

    by: str
    of: str
    at: float


@dataclass(frozen=True, slots=True)
class Ongoing:
    """An utterance still going at the window's end, counted up to `counted_until`."""

    member_id: str
    start: float
    counted_until: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ListenerStarted(Event):
    """A listener began measuring; `gap_start`..`at` was heard by nobody (the previous one's node died)."""

    listener: str
    gap_start: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeechMeasured(Event):
    """What the listener heard in [start, end], counted (the room's clients only add it up).

    `speakers` are the members who spoke in the window; `ongoing` the utterances that go on past it;
    `silence_since` when the room fell silent (None if someone speaks at `end`).
    """

    start: float
    end: float
    phase_id: str
    #: the room showed airtime to everyone when this was measured (rooms/floor/visibility.py)
    public: bool = False
    speakers: dict[str, SpeakerDelta] = field(default_factory=dict)
    overlaps: int = 0
    overlap_seconds: float = 0.0
    overlapping: list[str] = field(default_factory=list)
    interruptions: list[Interruption] = field(default_factory=list)
    ongoing: list[Ongoing] = field(default_factory=list)
    silence_since: float | None = None
    longest_silence: float = 0.0
    phase_longest_silence: float = 0.0
    phase_silence_since: float | None = None
    unanalysed: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ListenerLoadChanged(Event):
    """The listener started dropping analysis (it cannot keep up) or caught up again."""

    listener: str
    overloaded: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingStarted(Event):
    """A facilitator started recording the session's audio (shown to everyone, and before joining)."""

    recording_id: str
    by: str
    by_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingStopped(Event):
    """The recording stopped (a facilitator, or the session ended)."""

    recording_id: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingDeclined(Event):
    """A member said no to being recorded."""

    member_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingAccepted(Event):
    """A member withdrew their refusal to be recorded."""

    member_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingFileSaved(Event):
    """One member's track of a recording was written to the data directory."""

    recording_id: str
    member_id: str
    name: str
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeechCleared(Event):
    """The room's next session began: measured speech starts from zero (recordings stay listed, and
    members' refusals to be recorded stay: consent is not reset behind anyone's back)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingFilesDeleted(Event):
    """Tracks of a recording were deleted after the operator's retention period: the record lists
    them as deleted, with when, and no longer as files."""

    recording_id: str
    names: list[str]
