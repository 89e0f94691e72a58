"""Events about who speaks: hands, turns, talking-stick rounds."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Event
from rooms.floor.state import HandLoweredReason, RoundEndReason, StickOrder, TurnEndReason
from rooms.state import AirtimeAudience


@dataclass(frozen=True, slots=True, kw_only=True)
class HandRaised(Event):
    """A hand went up; `position` is its place in the queue (0 = next), the same for every client."""

    member_id: str
    position: int
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandLowered(Event):
    """A hand went down: by its owner, a facilitator (`by`), because they got the floor, or left."""

    member_id: str
    by: str
    reason: HandLoweredReason
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandsCleared(Event):
    """A facilitator lowered every hand."""

    by: str
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandsReordered(Event):
    """The queue's new order (by a facilitator, or by switching the progressive stack on)."""

    order: list[str]
    by: str
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressiveStackSet(Event):
    """The progressive stack was switched on or off."""

    on: bool
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnStarted(Event):
    """`member_id` has the floor; with a time box the server warns at `warn_at`, says time is up at
    `ends_at` and hands over at `handover_at` (after the grace)."""

    member_id: str
    by: str
    phase_id: str
    ends_at: float | None = None
    warn_at: float | None = None
    handover_at: float | None = None
    stick: bool = False
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnWarned(Event):
    """The speaker's time box ends soon (`ends_at`)."""

    member_id: str
    ends_at: float
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnTimeUp(Event):
    """The time box is over; the speaker has until `handover_at` to finish their sentence."""

    member_id: str
    handover_at: float
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnExtended(Event):
    """A facilitator gave the speaker `seconds` more; the new deadlines follow."""

    member_id: str
    by: str
    seconds: float
    ends_at: float | None
    warn_at: float | None
    handover_at: float | None
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnEnded(Event):
    """`member_id` no longer has the floor; `seconds` is how long they held it (pauses excluded).
    `seconds` reaches facilitators only, unless the room shows airtime to everyone
    (`settings.airtime_visible_to`); others receive the event without it."""

    member_id: str
    reason: TurnEndReason
    seconds: float
    #: the room showed airtime to everyone when the turn ended (stamped so a replay shows the same)
    airtime_public: bool = False
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StickPassed(Event):
    """A member passed ahead of their turn in the round; the stick will skip them."""

    member_id: str
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StickRoundStarted(Event):
    """A talking-stick round began; `order` is the speaking order (already shuffled if random)."""

    order: list[str]
    how: StickOrder
    turn_seconds: float
    warning_seconds: float
    grace_seconds: float
    by: str
    phase_id: str = ""
    include_facilitators: bool = False
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StickRoundJoined(Event):
    """Someone arrived while the round runs (joined, admitted from the lobby, or made a speaker):
    they go to the end of the speaking order, so nobody is skipped. Observers never join a round."""

    member_id: str
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StickRoundEnded(Event):
    """The round is over: `completed` (everyone had their turn), `stopped`, or `phase_ended`."""

    reason: RoundEndReason
    done: list[str]
    passed: list[str]
    #: the small group whose own floor it happened on ("": the main room's; rooms/floor/groups.py)
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AirtimeVisibilitySet(Event):
    """A facilitator chose who sees airtime: `facilitators` or `everyone`. When it opens to everyone,
    `airtime` carries the banked airtime so far (`{member_id: {phase_id: seconds}}`, as in the
    snapshot's `floor.airtime`); when it closes, `airtime` is empty and clients drop what they had."""

    visible_to: AirtimeAudience
    by: str
    airtime: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class FloorOpened(Event):
    """Small group `space` has a floor of its own (its phase asks for one): its own hand queue,
    speaker and talking stick, seen by its members and the facilitators. Floor events that carry
    `space` happen on it."""

    space: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FloorClosed(Event):
    """Small group `space`'s own floor is gone (the groups returned); its turn, round and hands
    ended just before, in the same batch."""

    space: str
