"""State of the room's reflections: cards, groups, dot votes and action items.

A card's `author` lives here and in the log only: what leaves the server goes through
rooms/reflections/views.py, which drops the author of every anonymous card for every viewer,
facilitators included, and tells the author `mine: true` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ActionStatus(StrEnum):
    """Where an action item stands; open items carry over to the room's next session."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass
class Card:
    """One reflection. `hidden` cards show their text to their author only, until revealed."""

    id: str
    author: str
    prompt: str
    text: str
    anonymous: bool = False
    hidden: bool = False
    group: str = ""
    written_at: float = 0.0
    #: the space it was written in ("" : the main room; a group's lane otherwise)
    space: str = ""


@dataclass
class Group:
    """A named cluster of cards (affinity grouping), with the group's notes."""

    id: str
    name: str
    note: str = ""


@dataclass
class ActionItem:
    """Something someone will do after the session: AAR's "what will we do differently"."""

    id: str
    text: str
    owner: str = ""
    #: ISO date (YYYY-MM-DD) or empty
    due: str = ""
    status: ActionStatus = ActionStatus.OPEN
    #: the session it was agreed in
    session: int = 1


@dataclass
class Voting:
    """Dot voting: each person spends up to `budget` dots, at most `per_card` on one card."""

    open: bool = False
    budget: int = 3
    per_card: int = 1


@dataclass
class ReflectionOverride:
    """The facilitator's own prompts / anonymity / hiding, for the phase it was set in.

    None means "as the phase says". When the agenda moves to another phase the override no longer
    applies, so each phase starts with its own template's settings.
    """

    phase_id: str | None = None
    prompts: list[str] | None = None
    anonymous: bool | None = None
    hidden: bool | None = None


@dataclass
class ReflectionsState:
    """Everything the group writes together in a session."""

    cards: dict[str, Card] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    #: voter -> card -> dots; never sent out per voter (views send totals and the viewer's own)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    voting: Voting = field(default_factory=Voting)
    action_items: dict[str, ActionItem] = field(default_factory=dict)
    override: ReflectionOverride = field(default_factory=ReflectionOverride)
    #: ids are c1, g1, a1...: server-chosen and counting across sessions, so they encode no author
    counter: int = 0
    #: open action items brought over from the previous session, shown at this one's start
    carried_over: list[str] = field(default_factory=list)
    #: cards a facilitator removed under the code of conduct (rooms/moderation): the record counts them
    removed_cards: int = 0

    def totals(self) -> dict[str, int]:
        """Dots per card, over all voters."""
        out: dict[str, int] = {}
        for per_card in self.votes.values():
            for card_id, n in per_card.items():
                out[card_id] = out.get(card_id, 0) + n
        return out
