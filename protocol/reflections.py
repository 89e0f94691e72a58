"""Commands about reflection cards, grouping, dot voting and action items.

Anonymity: when the phase is anonymous, nobody (facilitators included) ever receives the author of
a card: cards carry `author: null` and `mine: true` for their own author. Card ids are chosen by the
server (`c12`) and say nothing about who wrote them. "N people are writing" is `set_writing`,
aggregated by the server into a count with no names.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

CardText = Annotated[str, msgspec.Meta(max_length=limit("card_text").n)]
Note = Annotated[str, msgspec.Meta(max_length=limit("group_note").n)]
GroupName = Annotated[str, msgspec.Meta(max_length=limit("group_name").n)]
ActionText = Annotated[str, msgspec.Meta(max_length=limit("action_text").n)]
Owner = Annotated[str, msgspec.Meta(max_length=limit("action_owner").n)]
Due = Annotated[str, msgspec.Meta(max_length=limit("action_due").n)]
Prompt = Annotated[str, msgspec.Meta(max_length=limit("card_prompt").n)]


class WriteCard(ClientCommand, frozen=True):
    """Write a card answering one of the current `prompts` ("" when there are none).

    1-1000 characters (`too_long` beyond); at most 500 cards a session and 100 per person (`limit`).
    The ack's `seq` is the event that carries your card (`mine: true`).
    """

    prompt: Prompt
    text: CardText
    example = {"prompt": "What was supposed to happen?", "text": "We planned to ship on Friday."}


class EditCard(ClientCommand, frozen=True):
    """Change the text of your own card."""

    card_id: Id
    text: CardText
    example = {"card_id": "c3", "text": "We planned to ship on Thursday."}


class DeleteCard(ClientCommand, frozen=True):
    """Take back your own card."""

    card_id: Id
    example = {"card_id": "c3"}


class SetReflectionPrompts(ClientCommand, frozen=True):
    """Set this phase's prompts yourself (facilitators); an empty list goes back to the phase's."""

    prompts: Annotated[list[Prompt], msgspec.Meta(max_length=limit("prompts").n)]
    example = {"prompts": ["Start", "Stop", "Continue"]}


class SetAnonymous(ClientCommand, frozen=True):
    """Make cards written from now on in this phase anonymous (facilitators)."""

    anonymous: bool
    example = {"anonymous": True}


class SetCardsHidden(ClientCommand, frozen=True):
    """Silent writing: cards written from now on stay hidden until `reveal_cards` (facilitators)."""

    hidden: bool
    example = {"hidden": True}


class RevealCards(ClientCommand, frozen=True):
    """Show all hidden cards to everyone; the event carries their texts (facilitators)."""

    example = {}


class CreateGroup(ClientCommand, frozen=True):
    """Start a named group of cards."""

    name: GroupName
    example = {"name": "Handover"}


class RenameGroup(ClientCommand, frozen=True):
    """Rename a group."""

    group_id: Id
    name: GroupName
    example = {"group_id": "g4", "name": "Handovers and deadlines"}


class DeleteGroup(ClientCommand, frozen=True):
    """Dissolve a group; its cards become ungrouped."""

    group_id: Id
    example = {"group_id": "g4"}


class SetGroupNote(ClientCommand, frozen=True):
    """Write the notes of a group."""

    group_id: Id
    note: Note
    example = {"group_id": "g4", "note": "Agree the handover a day earlier."}


class MoveCard(ClientCommand, frozen=True):
    """Put a revealed card into a group (`group_id` "" takes it out)."""

    card_id: Id
    group_id: Annotated[str, msgspec.Meta(max_length=limit("id").n)]
    example = {"card_id": "c3", "group_id": "g4"}


class OpenVoting(ClientCommand, frozen=True):
    """Start dot voting: `budget` dots each, at most `per_card` on one card (facilitators)."""

    budget: int = 3
    per_card: int = 1
    example = {"budget": 3, "per_card": 2}


class CloseVoting(ClientCommand, frozen=True):
    """End dot voting; totals stay (facilitators)."""

    example = {}


class CastVote(ClientCommand, frozen=True):
    """Put one of your dots on a card. Others see only the card's total."""

    card_id: Id
    example = {"card_id": "c3"}


class RetractVote(ClientCommand, frozen=True):
    """Take one of your dots back from a card."""

    card_id: Id
    example = {"card_id": "c3"}


class AddActionItem(ClientCommand, frozen=True):
    """Agree an action item: what, who (a name), by when (YYYY-MM-DD or "")."""

    text: ActionText
    owner: Owner = ""
    due: Due = ""
    example = {"text": "Write the handover checklist", "owner": "Ana", "due": "2026-12-01"}


class UpdateActionItem(ClientCommand, frozen=True):
    """Change an action item; fields left out stay as they are. Open items carry to the next session."""

    item_id: Id
    text: ActionText | None = None
    owner: Owner | None = None
    due: Due | None = None
    status: Literal["open", "done", "dropped"] | None = None
    example = {"item_id": "a7", "status": "done"}


class DeleteActionItem(ClientCommand, frozen=True):
    """Remove an action item agreed by mistake."""

    item_id: Id
    example = {"item_id": "a7"}


class StartNextSession(ClientCommand, frozen=True):
    """Open the room's next session (the facilitator): open action items carry over, cards and
    board start empty, and links of earlier sessions stop working (get new ones from the API)."""

    example = {}


class SetWriting(ClientCommand, frozen=True):
    """Ephemeral: you started (true) or stopped (false) writing a card; repeat `true` every few seconds.

    Others receive `relay` {type: "writing", member_id: "", data: {count}}: how many people are
    writing, never who.
    """

    ephemeral = True
    writing: bool
    example = {"writing": True}
