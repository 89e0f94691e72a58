"""The board as a viewer sees it: every element (the board is shared and never anonymous), plus
whether the viewer has something to undo or redo. Undo histories stay on the server."""

from __future__ import annotations

from typing import Any

from rooms.rules import Rules
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("board.views")


@rules.state_view("board")
def board_view(state: RoomState, viewer: Viewer) -> dict[str, Any]:
    history = state.board.history.get(viewer.member_id)
    return {
        "elements": [el for el in state.board.elements.values() if viewer.sees(el.space)],
        "can_undo": bool(history and history.undo),
        "can_redo": bool(history and history.redo),
    }
