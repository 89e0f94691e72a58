"""State of the room's shared whiteboard: its elements, in drawing order, and each member's undo history.

An element is ONE dataclass with a `kind` and optional fields rather than one class per shape: the
log and snapshots (msgspec) round-trip it without tagged unions, and a client edits any shape with
the same `update_element` command.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class ElementKind(StrEnum):
    """What an element draws."""

    STROKE = "stroke"
    RECT = "rect"
    ELLIPSE = "ellipse"
    LINE = "line"
    ARROW = "arrow"
    TEXT = "text"
    STICKY = "sticky"


#: kinds drawn from a list of points (a freehand stroke; a line or arrow from its first to last point)
POINT_KINDS = frozenset({ElementKind.STROKE, ElementKind.LINE, ElementKind.ARROW})
#: kinds that carry text
TEXT_KINDS = frozenset({ElementKind.TEXT, ElementKind.STICKY})


@dataclass
class Element:
    """One thing on the board.

    `x, y` place it; `w, h` size boxes (rect, ellipse, text, sticky); `points` are relative to
    `x, y` for strokes, lines and arrows, with `pressure` (0..1 per point) when the pen reports it.
    `version` counts accepted changes to this id (1 when added); `by` is who changed it last.
    """

    id: str
    kind: ElementKind
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    points: list[tuple[float, float]] = field(default_factory=list)
    pressure: list[float] | None = None
    text: str = ""
    stroke: str = "#1f2933"
    fill: str = ""
    color: str = ""
    stroke_width: float = 2.0
    version: int = 0
    by: str = ""
    #: the space it was drawn in ("" : the main room's board; a group's page otherwise)
    space: str = ""

    def at_version(self, version: int, by: str) -> Element:
        """A copy stamped with a new version and author of the change."""
        return replace(self, version=version, by=by, points=list(self.points))


@dataclass
class Change:
    """One accepted change of one element, as its author may undo it: the element before and after."""

    element_id: str
    before: Element | None
    after: Element | None


@dataclass
class History:
    """A member's own changes, newest last: undo takes from `undo`, redo from `redo`."""

    undo: list[Change] = field(default_factory=list)
    redo: list[Change] = field(default_factory=list)


@dataclass
class BoardState:
    """The board: live elements in drawing order (a dict keeps insertion order), plus bookkeeping."""

    elements: dict[str, Element] = field(default_factory=dict)
    #: last version of every deleted id: ids are never reused, and a restored element's version
    #: keeps counting up, so a stale `base_version` can never match it by accident
    tombstones: dict[str, int] = field(default_factory=dict)
    history: dict[str, History] = field(default_factory=dict)
