"""Commands about who speaks: hands, the floor, the talking stick (rooms/floor)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

Seconds = Annotated[float, msgspec.Meta(ge=0, le=limit("turn_seconds").most)]
Members = Annotated[list[Id], msgspec.Meta(max_length=limit("members_listed").n)]


class RaiseHand(ClientCommand, frozen=True):
    """Raise your hand: you join the queue at the place the server decides (`HandRaised.position`)."""

    example = {}


class LowerHand(ClientCommand, frozen=True):
    """Lower your own hand."""

    example = {}


class LowerHandOf(ClientCommand, frozen=True):
    """Lower one member's hand (facilitators)."""

    target: Id
    example = {"target": "m-3f9a"}


class LowerAllHands(ClientCommand, frozen=True):
    """Lower every hand (facilitators)."""

    example = {}


class ReorderHands(ClientCommand, frozen=True):
    """Put the queue in a new order: the same members, each once; refused with `conflict` if the
    queue changed meanwhile (facilitators)."""

    order: Members
    example = {"order": ["m-3f9a", "m-77c1"]}


class SetProgressiveStack(ClientCommand, frozen=True):
    """Order the queue by who has spoken least in this session, then by arrival (facilitators)."""

    on: bool
    example = {"on": True}


class CallNext(ClientCommand, frozen=True):
    """Give the floor to the first hand in the queue; `seconds` > 0 sets a time box (facilitators)."""

    seconds: Seconds = 0.0
    example = {"seconds": 120}


class GiveFloor(ClientCommand, frozen=True):
    """Give the floor to any member present; `seconds` > 0 sets a time box (facilitators)."""

    target: Id
    seconds: Seconds = 0.0
    example = {"target": "m-3f9a", "seconds": 0}


class EndTurn(ClientCommand, frozen=True):
    """End the current turn; in a talking-stick round the stick moves on (facilitators)."""

    example = {}


class FinishTurn(ClientCommand, frozen=True):
    """You are done speaking: hand the floor back, or the stick on."""

    example = {}


class Pass(ClientCommand, frozen=True):
    """Pass in the talking-stick round: now if it is your turn, or ahead of it. A pass is a turn."""

    example = {}


class ExtendTurn(ClientCommand, frozen=True):
    """Give the speaker more seconds; in their grace, counted from now (facilitators)."""

    seconds: Annotated[float, msgspec.Meta(ge=limit("turn_extension").least, le=limit("turn_extension").most)]
    example = {"seconds": 60}


class StartStickRound(ClientCommand, frozen=True):
    """Start a talking-stick round (facilitators). `how`: `room` (join order), `random` (the server
    shuffles; the order is in `StickRoundStarted`), or `custom` (`members` in order). Each turn gets
    `turn_seconds`, a warning `warning_seconds` before its end, and `grace_seconds` to finish."""

    how: Literal["room", "random", "custom"] = "room"
    members: Members = []
    turn_seconds: Seconds = 120.0
    warning_seconds: Seconds = 15.0
    grace_seconds: Seconds = 5.0
    include_facilitators: bool = False
    example = {"how": "random", "turn_seconds": 90, "warning_seconds": 15, "grace_seconds": 5}


class StopStickRound(ClientCommand, frozen=True):
    """End the talking-stick round before everyone had their turn (facilitators)."""

    example = {}


class SetAirtimeVisibility(ClientCommand, frozen=True):
    """Choose who sees airtime during the session: `facilitators` (the default) or `everyone` (some
    groups choose it to regulate their own talk time). Others then receive `floor.airtime` as `{}`
    and `TurnEnded` without `seconds`; the session record keeps airtime either way (facilitators)."""

    visible_to: Literal["facilitators", "everyone"]
    example = {"visible_to": "everyone"}
