"""State of the room's floor: the hand queue, who speaks now, the talking stick, and airtime.

The queue order in `hands` IS the order every client shows; events say where a hand goes, so
clients never sort on their own. Every time box is an absolute server time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class StickOrder(StrEnum):
    """How a talking-stick round orders its speakers."""

    #: the order people joined the room
    ROOM = "room"
    #: shuffled by the server (seeded, so a replay gives the same order)
    RANDOM = "random"
    #: as the facilitator lists them
    CUSTOM = "custom"


class TurnEndReason(StrEnum):
    """Why a turn ended."""

    DONE = "done"
    PASSED = "passed"
    TIMEOUT = "timeout"
    ENDED = "ended"
    LEFT = "left"
    REPLACED = "replaced"
    #: the speaker was moved to another small group
    MOVED = "moved"


class HandLoweredReason(StrEnum):
    """Why a hand went down."""

    LOWERED = "lowered"
    BY_FACILITATOR = "by_facilitator"
    CALLED = "called"
    LEFT = "left"
    #: moved to another small group (their hand does not follow them)
    MOVED = "moved"


class RoundEndReason(StrEnum):
    """Why a talking-stick round ended."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    PHASE_ENDED = "phase_ended"


@dataclass
class Hand:
    """A raised hand; `raised_at` lets every client show how long it has waited."""

    member_id: str
    raised_at: float


@dataclass
class Turn:
    """Someone holds the floor."""

    member_id: str
    started_at: float
    #: the phase whose airtime the current stretch counts towards ("" outside the agenda)
    phase_id: str
    #: start of the stretch not yet added to airtime (stretches break at phase changes and pauses)
    since: float
    #: seconds of this turn already added to airtime
    held: float = 0.0
    #: the time box (None: open-ended)
    ends_at: float | None = None
    warn_at: float | None = None
    #: after `ends_at` the speaker gets this long to finish their sentence
    handover_at: float | None = None
    warned: bool = False
    time_up: bool = False
    #: while the agenda is paused: when it paused (on resume every deadline moves by the pause)
    paused_at: float | None = None
    #: the turn belongs to the talking-stick round
    stick: bool = False


@dataclass
class StickRound:
    """A talking-stick round: everyone in `order` gets exactly one turn (or passes)."""

    order: list[str]
    how: StickOrder
    turn_seconds: float
    warning_seconds: float
    grace_seconds: float
    #: index in `order` of the next member to receive the stick
    next_index: int = 0
    #: members whose turn is over (spoken or passed), in the order it happened
    done: list[str] = field(default_factory=list)
    #: members who passed (before or during their turn)
    passed: list[str] = field(default_factory=list)
    #: the agenda phase that started the round ("" when the facilitator started it by hand)
    phase_id: str = ""
    #: facilitators take turns too: then a facilitator arriving late joins the round like a participant
    include_facilitators: bool = False


@dataclass
class Floor:
    """One floor: its hand queue, who speaks on it now, its talking-stick round."""

    hands: list[Hand] = field(default_factory=list)
    speaker: Turn | None = None
    stick: StickRound | None = None

    def queue(self) -> list[str]:
        """Member ids with a raised hand, in the one server order."""
        return [h.member_id for h in self.hands]


@dataclass
class FloorState(Floor):
    """The main room's floor (hands, speaker, stick), the small groups' own floors, and airtime."""

    #: progressive stack: a new hand goes behind those who have spoken less (then by arrival)
    progressive: bool = False
    #: member -> phase id -> seconds held ("" is time outside any phase)
    airtime: dict[str, dict[str, float]] = field(default_factory=dict)
    #: space id -> that group's own floor, while its small-group phase asks for one (rooms/floor/groups.py)
    spaces: dict[str, Floor] = field(default_factory=dict)
