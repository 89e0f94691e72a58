"""Commands about who speaks: hands, the floor, the talking stick."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Command
from rooms.floor.state import StickOrder
from rooms.state import AirtimeAudience


@dataclass(frozen=True, slots=True, kw_only=True)
class RaiseHand(Command):
    """Join the queue to speak."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LowerHand(Command):
    """Leave the queue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LowerHandOf(Command):
    """A facilitator takes one member's hand down."""

    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LowerAllHands(Command):
    """A facilitator clears the queue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReorderHands(Command):
    """A facilitator puts the queue in a new order (the same members, each once)."""

    order: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class SetProgressiveStack(Command):
    """Order the queue by who has spoken least in this session, then by arrival."""

    on: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CallNext(Command):
    """Give the floor to the first hand in the queue (its hand goes down)."""

    seconds: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class GiveFloor(Command):
    """Give the floor to one member, optionally with a time box in seconds."""

    target: str
    seconds: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class EndTurn(Command):
    """A facilitator ends the current turn (in a round, the stick moves on)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FinishTurn(Command):
    """The speaker is done and hands the floor back (or the stick on)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pass(Command):
    """Pass in the talking-stick round: now if it is your turn, or ahead of it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendTurn(Command):
    """A facilitator gives the speaker more time."""

    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StartStickRound(Command):
    """Start a talking-stick round: each member in turn, with a time box, warning and grace."""

    how: StickOrder = StickOrder.ROOM
    #: for `custom`: the order; for `room`/`random`: ignored
    members: list[str] = field(default_factory=list)
    turn_seconds: float = 120.0
    warning_seconds: float = 15.0
    grace_seconds: float = 5.0
    #: facilitators take a turn too (a T-group's facilitators often do not)
    include_facilitators: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StopStickRound(Command):
    """End the talking-stick round before everyone has had their turn."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAirtimeVisibility(Command):
    """Show airtime to the facilitators only, or to everyone (a group regulating its own talk time)."""

    visible_to: AirtimeAudience
