"""What one board may hold, and the checks every element passes before it lands.

Limits keep a room's snapshot small enough to join fast and an SVG export readable; each refusal
names the limit so a client can tell the person what to do (split the stroke, shorten the text).
"""

from __future__ import annotations

import functools
import math
import re

from rooms.board.state import POINT_KINDS, TEXT_KINDS, BoardState, Element, ElementKind
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.membership.rules import clean_text

MAX_ELEMENTS = limit("elements").n
MAX_POINTS = limit("stroke_points").n
#: points on the whole board: bounds the snapshot a joining client downloads (about 3 MB at most;
#: 2000 strokes of 75 points, a long session of eight people drawing by hand)
MAX_BOARD_POINTS = limit("board_points").n
MAX_TEXT = limit("board_text").n
MAX_COORD = limit("coordinate").most
MAX_STROKE_WIDTH = limit("stroke_width").most
#: undo steps kept per member
HISTORY_MAX = limit("undo_steps").n

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1," + str(limit("element_id").n) + "}")
COLOUR_PATTERN = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def check_id(element_id: str) -> str:
    """Client-chosen ids: 1-40 letters, digits, `-` or `_` (a UUID or nanoid fits)."""
    if not ID_PATTERN.fullmatch(element_id):
        raise Rejected(Code.BAD_VALUE, "element ids are 1-40 letters, digits, '-' or '_'")
    return element_id


def _coord(value: float, what: str, low: float = -MAX_COORD) -> None:
    if not math.isfinite(value) or not low <= value <= MAX_COORD:
        raise Rejected(Code.BAD_VALUE, f"{what} must be a number between {low:g} and {MAX_COORD:g}")


@functools.lru_cache(maxsize=512)
def _is_colour(value: str) -> bool:
    """A board uses a handful of colours, checked on every change of every element: remembered."""
    return not value or COLOUR_PATTERN.fullmatch(value) is not None


def _colour(value: str, what: str) -> None:
    if not _is_colour(value):
        raise Rejected(Code.BAD_VALUE, f"{what} must be a hex colour like #ffcc00, or empty")


def check_room_for(board: BoardState, new: Element, old: Element | None = None) -> None:
    """Refuse `new` (replacing `old`) if the board would hold too many points in all."""
    extra = len(new.points) - (len(old.points) if old else 0)
    if extra > 0 and sum(len(e.points) for e in board.elements.values()) + extra > MAX_BOARD_POINTS:
        raise Rejected(
            Code.LIMIT, f"the board holds at most {MAX_BOARD_POINTS} points of drawing; clear or delete some strokes"
        )


def checked(el: Element) -> Element:
    """`el` if it is a well-formed element of its kind (text cleaned), else Rejected."""
    _coord(el.x, "x")
    _coord(el.y, "y")
    _coord(el.w, "w", 0.0)
    _coord(el.h, "h", 0.0)
    if not 0 <= el.stroke_width <= MAX_STROKE_WIDTH:
        raise Rejected(Code.BAD_VALUE, f"stroke_width must be between 0 and {MAX_STROKE_WIDTH:g}")
    _colour(el.stroke, "stroke")
    _colour(el.fill, "fill")
    _colour(el.color, "color")
    if el.kind in POINT_KINDS:
        least = 1 if el.kind is ElementKind.STROKE else 2
        if not least <= len(el.points) <= MAX_POINTS:
            raise Rejected(Code.LIMIT, f"a {el.kind.value} has {least} to {MAX_POINTS} points; split longer strokes")
        for px, py in el.points:
            _coord(px, "a point")
            _coord(py, "a point")
    elif el.points:
        raise Rejected(Code.BAD_VALUE, f"a {el.kind.value} has no points")
    if el.pressure is not None:
        if el.kind is not ElementKind.STROKE or len(el.pressure) != len(el.points):
            raise Rejected(Code.BAD_VALUE, "pressure is for strokes: one value per point")
        if not all(0.0 <= p <= 1.0 for p in el.pressure):
            raise Rejected(Code.BAD_VALUE, "pressure values are between 0 and 1")
    text = ""
    if el.kind in TEXT_KINDS:
        text = clean_text(el.text, MAX_TEXT, "board text", allow_newlines=True)
    elif el.text:
        raise Rejected(Code.BAD_VALUE, f"a {el.kind.value} has no text")
    if text != el.text:
        el.text = text
    return el
