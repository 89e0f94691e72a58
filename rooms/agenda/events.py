"""Events about the agenda: its phases, its clock, and members' ready and typing signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.agenda.phase import Phase
from rooms.agenda.state import PhaseEndReason, TimeUpReason
from rooms.base import Event


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaLoaded(Event):
    """The agenda is now `phases` (from template `template`, or hand-written when it is "").

    Each phase: `id`, `title`, `prompt`, `mode` (open, talking_stick, silent_writing, pairs),
    `planned_seconds`, `anonymous`, `prompts` (the reflection board's columns), `auto_advance`,
    `turn_seconds`, `warning_seconds`, `grace_seconds`, `group_size`, `roles`, `rotate_seconds`,
    `group_floor` (none, hands, stick: each small group's own hand queue and talking stick);
    docs/facilitation.md describes them."""

    template: str
    phases: list[Phase]
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseAdded(Event):
    """A facilitator added `phase` at `position`."""

    phase: Phase
    position: int
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseUpdated(Event):
    """A facilitator rewrote a phase (same id, same place)."""

    phase: Phase
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseRemoved(Event):
    """A facilitator removed a phase."""

    phase_id: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseMoved(Event):
    """A facilitator moved a phase to `position`."""

    phase_id: str
    position: int
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseStarted(Event):
    """Phase number `index` began; its time is up at `ends_at` (server time), with a warning at
    `warn_at`. In a pairs phase, `groups` are the small groups and `roles` each member's role."""

    index: int
    phase_id: str
    ends_at: float
    warn_at: float | None
    by: str
    groups: list[list[str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    next_rotation_at: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseWarned(Event):
    """The phase's time is up soon, at `ends_at`."""

    phase_id: str
    ends_at: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseTimeUp(Event):
    """The phase's time is up, everyone is ready, or its round is done (`reason`). When
    `advance_due`, the next phase starts once nobody is typing, at the latest at `grace_until`."""

    phase_id: str
    reason: TimeUpReason
    advance_due: bool
    grace_until: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseEnded(Event):
    """The phase is over: `time_up`, `skipped`, `back` or `reset`."""

    phase_id: str
    reason: PhaseEndReason


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaFinished(Event):
    """The last phase ended."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaReset(Event):
    """The agenda is back before its first phase."""

    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaPaused(Event):
    """The clock stopped with `remaining` seconds left in the phase."""

    remaining: float
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaResumed(Event):
    """The clock runs again: the phase's time is up at `ends_at` (now + what was left)."""

    ends_at: float
    warn_at: float | None
    next_rotation_at: float | None
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseExtended(Event):
    """A facilitator added `seconds`: the phase now ends at `ends_at` (or, paused, has `remaining`)."""

    seconds: float
    ends_at: float | None
    warn_at: float | None
    remaining: float | None
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadyMarked(Event):
    """A member said they are done with this phase (or took it back)."""

    member_id: str
    ready: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TypingMarked(Event):
    """A member is typing a reflection; a phase change waits for them until `until` (within the grace)."""

    member_id: str
    until: float
    #: the typist's space: someone typing in a small group is news for that group only
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RolesRotated(Event):
    """Roles went round in every group (`rotation` times so far); `roles` is who plays what now."""

    rotation: int
    roles: dict[str, str]
    next_rotation_at: float | None
