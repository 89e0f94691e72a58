"""Commands a facilitator uses to uphold the room's code of conduct."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveCard(Command):
    """Take down anyone's reflection card that breaks the code of conduct, with an optional reason."""

    card_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveElement(Command):
    """Take down anyone's whiteboard element that breaks the code of conduct, with an optional reason."""

    id: str
    reason: str = ""
