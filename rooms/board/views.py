"""The board as a viewer sees it: every element (the board is shared and never anonymous), plus
whether the viewer has something to undo or redo. Undo histories stay on the server."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.board.state import Element
from rooms.rules import Rules
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("board.views")


@dataclass(frozen=True, slots=True, kw_only=True)
class BoardView:
    """The snapshot's `board`: every element, and whether the viewer has something to undo or redo."""

    elements: list[Element]
    can_undo: bool
    can_redo: bool


@rules.state_view("board")
def board_view(state: RoomState, viewer: Viewer) -> BoardView:
    history = state.board.history.get(viewer.member_id)
    return BoardView(
        elements=[el for el in state.board.elements.values() if viewer.sees(el.space)],
        can_undo=bool(history and history.undo),
        can_redo=bool(history and history.redo),
    )
