"""Commands about the spaces: arranging groups, moving people, visiting, announcing, calling back."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Command


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrangeGroups(Command):
    """Set the groups of the next small-group phase by hand (an empty list: let the server form them)."""

    groups: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveToGroup(Command):
    """Move participant `member_id` into the open group `space_id`."""

    member_id: str
    space_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReshuffleGroups(Command):
    """Form new groups, parting the people who were together."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitGroup(Command):
    """Join group `space_id`'s call and board as a visiting facilitator."""

    space_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EndVisit(Command):
    """Leave the group you are visiting, back to the main room."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchGroup(Command):
    """Observers: watch group `space_id` ("" : the main room)."""

    space_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnounceToGroups(Command):
    """Show a short announcement in every group."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteGroupNote(Command):
    """Write your group's "what we want to share" note (it replaces the previous text)."""

    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SetReturnTiming(Command):
    """Warn the groups `warnings` seconds before the end, and give them `grace` seconds to finish."""

    warnings: list[float] = field(default_factory=lambda: [60.0, 10.0])
    grace: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class CallGroupsBack(Command):
    """Bring everyone back early (after the grace to finish a sentence)."""
