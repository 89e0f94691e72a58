"""Commands of screen sharing."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command
from rooms.screen.state import SharePolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class StartScreenShare(Command):
    """Start showing your screen (a browser that already captures it names its stream)."""

    stream_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StopScreenShare(Command):
    """Stop showing your own screen."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestScreenShare(Command):
    """Ask the facilitators to let you share your screen (on-request rooms)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AllowScreenShare(Command):
    """Let `target`, who asked, share their screen (facilitators)."""

    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EndScreenShare(Command):
    """Stop whoever is sharing (facilitators): the share leaves every screen."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetSharePolicy(Command):
    """Choose who may share without asking (facilitators)."""

    policy: SharePolicy
