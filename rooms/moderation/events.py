"""Events of moderation. `CardRemoved` knows the card's author (so the author can be told and the
log can replay the refund) and is projected per viewer: no viewer ever receives the author."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Event


@dataclass(frozen=True, slots=True, kw_only=True)
class CardRemoved(Event):
    """A facilitator (`by`) removed a card under the code of conduct; its dots went back to the voters.
    Viewers receive `{at, card_id, by, reason, mine, dots_back}`: `mine` is true for the card's
    author only, `dots_back` is how many of the viewer's own dots were refunded. The author is never
    named, whether the card was anonymous or not."""

    card_id: str
    author: str
    by: str
    reason: str = ""
    #: voter -> dots they had on the card (refunded); each viewer sees only their own
    refunds: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementRemoved(Event):
    """A facilitator (`by`) removed a board element under the code of conduct, with `reason`. Unlike a
    delete, nobody can undo it: the element leaves every member's undo and redo history."""

    id: str
    by: str
    reason: str = ""
