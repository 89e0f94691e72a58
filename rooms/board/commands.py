"""Commands that change the whiteboard (cursors and strokes in progress are ephemeral: protocol/board.py)."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command
from rooms.board.state import Element


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementPatch:
    """The fields an update changes; None leaves a field as it is."""

    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None
    points: list[tuple[float, float]] | None = None
    pressure: list[float] | None = None
    text: str | None = None
    stroke: str | None = None
    fill: str | None = None
    color: str | None = None
    stroke_width: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddElement(Command):
    """Put a new element on the board under an id the client chose (so it can draw it at once)."""

    element: Element


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateElement(Command):
    """Move, resize, restyle or re-text an element; `base_version` is the version the client edited."""

    id: str
    base_version: int
    patch: ElementPatch


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteElement(Command):
    """Remove an element (anyone may: the board is shared, and the author can undo their own)."""

    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearBoard(Command):
    """Wipe the board (facilitators only; not undoable, so clients should confirm first)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UndoBoard(Command):
    """Undo one's own latest board change, if nobody has changed that element since."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RedoBoard(Command):
    """Redo one's own latest undone change."""
