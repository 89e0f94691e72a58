"""State of the room's shared whiteboard: its elements, in drawing order, and each member's undo history.

An element is ONE dataclass with a `kind` and optional fields rather than one class per shape: the
log and snapshots (msgspec) round-trip it without tagged unions, and a client edits any shape with
the same `update_element` command.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
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
        return self.copy(version=version, by=by, points=list(self.points))

    def copy(self, **changes: object) -> Element:
        """`dataclasses.replace`, without its per-field work (this runs on every board change)."""
        new = object.__new__(Element)
        new.__dict__.update(self.__dict__, **changes)
        return new

    def drawing(self) -> dict[str, object]:
        """What it draws: every field but its version and who changed it last."""
        return {**self.__dict__, "version": 0, "by": ""}


@dataclass
class Change:
    """One accepted change of one element, as its author may undo it: the element before and after."""

    element_id: str
    before: Element | None
    after: Element | None


@dataclass
class History:
    """A member's own changes, newest last: undo takes from `undo`, redo from `redo`.

    Beside the lists it keeps (outside the dataclass fields, so never logged or compared) a count
    of the steps per element id, so asking whether someone else's history holds an element costs
    one lookup instead of a scan: every edit asks it of every other member. Change the lists only
    through these methods.
    """

    undo: list[Change] = field(default_factory=list)
    redo: list[Change] = field(default_factory=list)

    def _ids(self) -> Counter[str]:
        ids: Counter[str] | None = self.__dict__.get("_ids_held")
        if ids is None:  # first use, or a state just decoded from a snapshot
            ids = self.__dict__["_ids_held"] = Counter(x.element_id for x in (*self.undo, *self.redo))
        return ids

    def holds(self, element_id: str) -> bool:
        """True when an undo or redo step of this history is about `element_id`."""
        return self._ids().get(element_id, 0) > 0  # `get`, not [], skips Counter.__missing__

    def forget(self, element_id: str) -> None:
        """Drop every step about `element_id` (someone else changed it, or a facilitator removed it)."""
        if self.holds(element_id):
            self.undo = [x for x in self.undo if x.element_id != element_id]
            self.redo = [x for x in self.redo if x.element_id != element_id]
            del self._ids()[element_id]

    def push(self, steps: list[Change], change: Change) -> None:
        steps.append(change)
        self._ids()[change.element_id] += 1

    def pop(self, steps: list[Change]) -> Change:
        change = steps.pop()
        self._ids()[change.element_id] -= 1
        return change

    def drop_oldest(self, steps: list[Change], keep: int) -> None:
        """Keep only the newest `keep` steps (0: none)."""
        cut = len(steps) - keep
        if cut > 0:
            ids = self._ids()
            for x in steps[:cut]:
                ids[x.element_id] -= 1
            del steps[:cut]


@dataclass
class BoardState:
    """The board: live elements in drawing order (a dict keeps insertion order), plus bookkeeping."""

    elements: dict[str, Element] = field(default_factory=dict)
    #: last version of every deleted id: ids are never reused, and a restored element's version
    #: keeps counting up, so a stale `base_version` can never match it by accident
    tombstones: dict[str, int] = field(default_factory=dict)
    history: dict[str, History] = field(default_factory=dict)
