"""Commands about a room's sessions."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command


@dataclass(frozen=True, slots=True, kw_only=True)
class StartNextSession(Command):
    """Close this session and open the room's next one (the lead facilitator only)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EndSession(Command):
    """End this session now: the agenda stops, the floor clears, and everyone is sent to the record."""
