"""Events of reflections. Those that name an author or voter are projected per viewer
(rooms/reflections/views.py); the rest are public."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Event
from rooms.reflections.state import ActionItem, Card, Group


@dataclass(frozen=True, slots=True, kw_only=True)
class CardWritten(Event):
    """A card was written. Each viewer receives `{at, card: {id, prompt, text, anonymous, author,
    mine, hidden, group, written_at}}`: `author` is null on anonymous cards for everyone (the author
    sees `mine: true`), and `text` is "" on hidden cards for all but their author."""

    card: Card


@dataclass(frozen=True, slots=True, kw_only=True)
class CardEdited(Event):
    """A card's author changed its text; `data` is shaped as in CardWritten. A hidden card's edit
    reaches its author only."""

    card: Card


@dataclass(frozen=True, slots=True, kw_only=True)
class CardDeleted(Event):
    """A card's author took it back; its dots are gone with it. Viewers receive `{at, card_id, mine}`."""

    card_id: str
    author: str
    #: the space the card was written in
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CardsRevealed(Event):
    """Hidden cards became visible: `{at, cards: [...]}`, each card shaped as in CardWritten, with its
    text (never an anonymous author)."""

    cards: list[Card]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReflectionPromptsSet(Event):
    """The facilitator chose the prompts for this phase (empty: the phase's own)."""

    prompts: list[str]
    phase_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnonymitySet(Event):
    """Cards written from now on in this phase are anonymous (or named)."""

    anonymous: bool
    phase_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CardsHiddenSet(Event):
    """Cards written from now on in this phase stay hidden until revealed (or not)."""

    hidden: bool
    phase_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupCreated(Event):
    """A named group of cards was started."""

    group: Group


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupRenamed(Event):
    """A group got a new name."""

    group_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupDeleted(Event):
    """A group was dissolved; its cards are ungrouped."""

    group_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupNoteSet(Event):
    """A group's notes changed."""

    group_id: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CardMoved(Event):
    """A card went into a group ("" for none)."""

    card_id: str
    group_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VotingOpened(Event):
    """Dot voting began with this budget and per-card cap; earlier dots are cleared."""

    budget: int
    per_card: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VotingClosed(Event):
    """Dot voting ended; the totals stand. `totals` (card id -> dots) reveals them where the room
    hid them while voting ran."""

    totals: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteChanged(Event):
    """A dot was put on or taken off a card. Viewers receive `{at, card_id, total}`; the voter also gets
    `mine` (their dots on that card). Who else voted is never sent."""

    voter: str
    card_id: str
    mine: int
    total: int
    #: the room hides totals until voting closes: viewers get `total: null`
    total_hidden: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionItemAdded(Event):
    """An action item was agreed."""

    item: ActionItem


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionItemUpdated(Event):
    """An action item changed (text, owner, due date or status); `item` is its new value."""

    item: ActionItem


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionItemDeleted(Event):
    """An action item was removed."""

    item_id: str
