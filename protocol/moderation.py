"""Commands that uphold the room's code of conduct (facilitators and co-facilitators).

A removal names the card or element, never the author of an anonymous card: nobody, the facilitator
included, learns who wrote it; the author's client gets `mine: true` and shows their card was removed.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from protocol.board import ElementId
from protocol.messages import ClientCommand, Id
from rooms.limits import limit

Reason = Annotated[str, msgspec.Meta(max_length=limit("removal_reason").n)]


class RemoveCard(ClientCommand, frozen=True):
    """Remove anyone's reflection card that breaks the code of conduct; `reason` (up to 200
    characters, may be "") is shown to everyone. Dots on it go back to their voters (facilitators)."""

    card_id: Id
    reason: Reason = ""
    example = {"card_id": "c3", "reason": "Names a colleague outside the group"}


class RemoveElement(ClientCommand, frozen=True):
    """Remove anyone's whiteboard element that breaks the code of conduct; unlike `delete_element`
    nobody can undo it. `reason` (up to 200 characters, may be "") is shown to everyone (facilitators)."""

    id: ElementId
    reason: Reason = ""
    example = {"id": "s-7f3a9c", "reason": "Offensive drawing"}
