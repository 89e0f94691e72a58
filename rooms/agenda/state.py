"""State of the room's agenda: the phases, where the room is in them, and the phase timer.

Every deadline is an absolute server time (`ends_at`, `warn_at`, ...), so a node that takes a room
over re-arms its timers from state alone. A paused phase keeps `remaining` instead of `ends_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rooms.agenda.phase import Phase


class AgendaStatus(StrEnum):
    """Where the agenda stands."""

    #: not started (or reset)
    IDLE = "idle"
    #: the current phase's clock runs
    RUNNING = "running"
    #: the clock is stopped; `remaining` holds the seconds left
    PAUSED = "paused"
    #: the planned time is up (or everyone is ready, or the round is done); waiting to move on
    OVERTIME = "overtime"
    #: the last phase ended
    FINISHED = "finished"


class PhaseEndReason(StrEnum):
    """Why a phase ended."""

    TIME_UP = "time_up"
    SKIPPED = "skipped"
    BACK = "back"
    RESET = "reset"
    SESSION_ENDED = "session_ended"


class TimeUpReason(StrEnum):
    """Why a phase went into overtime."""

    TIME = "time"
    ALL_READY = "all_ready"
    ROUND_COMPLETED = "round_completed"
    #: a facilitator called the small groups back early
    CALLED_BACK = "called_back"


@dataclass
class Group:
    """A pair, triad or foursome in a `pairs` phase; roles go round its members."""

    members: list[str]


@dataclass
class AgendaState:
    """The agenda and its clock."""

    phases: list[Phase] = field(default_factory=list)
    #: the template the phases came from ("" for a hand-built agenda)
    template: str = ""
    #: the current phase, -1 before the start
    index: int = -1
    status: AgendaStatus = AgendaStatus.IDLE
    phase_started_at: float = 0.0
    ends_at: float | None = None
    warn_at: float | None = None
    warned: bool = False
    #: while paused: seconds the phase still had, and when the pause began
    remaining: float | None = None
    paused_at: float | None = None
    #: when the time ran out (or everyone was ready); start of the typing grace
    time_up_at: float | None = None
    #: in overtime: move on once nobody is typing, at the latest at `grace_until`
    advance_due: bool = False
    grace_until: float | None = None
    #: members who said "I'm done" in this phase
    ready: list[str] = field(default_factory=list)
    #: member -> until when they count as typing a reflection (the typing grace)
    typing: dict[str, float] = field(default_factory=dict)
    #: pairs phases: the groups, how often roles went round, and when they go round next
    groups: list[Group] = field(default_factory=list)
    rotation: int = 0
    next_rotation_at: float | None = None
    #: member -> their role in their group now ("speaker", "coach", ...)
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status is AgendaStatus.FINISHED
