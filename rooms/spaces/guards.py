"""A group's cards and board page are its own: nobody outside the group edits, deletes or votes on them.

The content views already keep them out of sight; this guard refuses the commands that name one by
id (a guessed or remembered id) with `not_found`, exactly as for an id that does not exist, so a
refusal tells nothing about another group's content. Facilitators act on every group's content.
"""

from __future__ import annotations

from rooms.base import Command
from rooms.board import commands as b
from rooms.errors import Code, Rejected
from rooms.reflections import commands as r
from rooms.rules import Rules
from rooms.spaces.where import viewer_for
from rooms.state import RoomState

rules = Rules("spaces.guards")

CARD_COMMANDS = (r.EditCard, r.DeleteCard, r.MoveCard, r.CastVote, r.RetractVote)
ELEMENT_COMMANDS = (b.UpdateElement, b.DeleteElement)


@rules.command_guard
def content_stays_in_its_space(state: RoomState, command: Command) -> None:
    # Content of the main room (space "") is everyone's: the viewer is only needed for a group's.
    if isinstance(command, CARD_COMMANDS):
        card = state.reflections.cards.get(command.card_id)
        if card is not None and card.space and not _sees(state, command.actor, card.space):
            raise Rejected(Code.NOT_FOUND, f"no card {command.card_id!r}")
    elif isinstance(command, ELEMENT_COMMANDS):
        element = state.board.elements.get(command.id)
        if element is not None and element.space and not _sees(state, command.actor, element.space):
            raise Rejected(Code.NOT_FOUND, f"no element {command.id!r} on the board")


def _sees(state: RoomState, actor: str, space: str) -> bool:
    viewer = viewer_for(state, actor)
    return viewer is None or viewer.sees(space)  # facilitators see every group (Viewer.sees)
