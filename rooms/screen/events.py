"""Events of screen sharing (public: who shares is seen by everyone anyway, on the big view)."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Event
from rooms.screen.state import SharePolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenShareStarted(Event):
    """`member_id` shares their screen now, as the stream `stream_id` on the mesh."""

    member_id: str
    stream_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenShareStopped(Event):
    """The share ended: its sharer stopped (`by` is them), a facilitator stopped it, or they left (`by` "")."""

    member_id: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenShareRequested(Event):
    """`member_id` asks to share their screen."""

    member_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenShareAllowed(Event):
    """A facilitator (`by`) allowed `member_id` to share their screen."""

    member_id: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SharePolicySet(Event):
    """A facilitator chose who may share without asking."""

    policy: SharePolicy
