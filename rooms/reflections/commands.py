"""Commands about reflection cards, groups, votes and action items."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command
from rooms.reflections.state import ActionStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteCard(Command):
    """Write a card answering one of the current prompts (anonymous if the phase is)."""

    prompt: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EditCard(Command):
    """Change the text of one's own card."""

    card_id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteCard(Command):
    """Take back one's own card (its dots go back to the voters)."""

    card_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SetReflectionPrompts(Command):
    """The facilitator's own prompts for this phase (empty: back to the phase's)."""

    prompts: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAnonymous(Command):
    """Make cards written from now on in this phase anonymous, or named."""

    anonymous: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SetCardsHidden(Command):
    """Keep cards written from now on hidden until revealed (silent writing), or not."""

    hidden: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RevealCards(Command):
    """Show every hidden card's text to everyone (authors of anonymous cards stay unknown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateGroup(Command):
    """Start a named group of cards."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RenameGroup(Command):
    """Rename a group."""

    group_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteGroup(Command):
    """Dissolve a group; its cards become ungrouped."""

    group_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SetGroupNote(Command):
    """Write the group's notes (what the group makes of its cards)."""

    group_id: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveCard(Command):
    """Put a card into a group ("" takes it out)."""

    card_id: str
    group_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenVoting(Command):
    """Start dot voting: `budget` dots per person, at most `per_card` on one card."""

    budget: int = 3
    per_card: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseVoting(Command):
    """End dot voting; the results stay."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CastVote(Command):
    """Put one dot on a card."""

    card_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RetractVote(Command):
    """Take one of one's dots back from a card."""

    card_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AddActionItem(Command):
    """Agree on something to do: what, who, by when."""

    text: str
    owner: str = ""
    due: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateActionItem(Command):
    """Change an action item; None leaves a field as it is."""

    item_id: str
    text: str | None = None
    owner: str | None = None
    due: str | None = None
    status: ActionStatus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteActionItem(Command):
    """Remove an action item agreed by mistake."""

    item_id: str
