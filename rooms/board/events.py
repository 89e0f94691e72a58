"""Events of the whiteboard. Each carries the whole element as it now is, so a client simply stores it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rooms.base import Event
from rooms.board.state import Element


class Via(StrEnum):
    """How a change came about: an edit, or the author's undo or redo of one."""

    EDIT = "edit"
    UNDO = "undo"
    REDO = "redo"


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementAdded(Event):
    """An element appeared on the board (drawn, or restored by an undo/redo), on top of the others."""

    element: Element
    via: Via = Via.EDIT


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementUpdated(Event):
    """An element changed; `element` is its full new value with the new `version`."""

    element: Element
    via: Via = Via.EDIT


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementDeleted(Event):
    """An element left the board; `by` removed it."""

    id: str
    by: str
    via: Via = Via.EDIT
    #: the space the element was in
    space: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoardCleared(Event):
    """A facilitator wiped the board; everyone's undo history is gone with it."""

    by: str
