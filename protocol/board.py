"""Commands of the shared whiteboard.

Ordered changes (`add_element`, `update_element`, ...) go through the room's single writer and come
back to everyone as events with a `seq`. Cursors and strokes in progress are ephemeral: relayed to
the others as `relay` messages, never logged, throttled per connection, and the first thing dropped
for a client that falls behind.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand
from rooms.limits import limit

MAX_POINTS = limit("stroke_points").n

ElementId = Annotated[str, msgspec.Meta(min_length=1, max_length=limit("element_id").n, pattern=r"^[A-Za-z0-9_-]+$")]
#: [x, y]
Point = Annotated[list[float], msgspec.Meta(min_length=2, max_length=2)]
Points = Annotated[list[Point], msgspec.Meta(max_length=MAX_POINTS)]
Pressures = Annotated[list[float], msgspec.Meta(max_length=MAX_POINTS)]
Colour = Annotated[str, msgspec.Meta(max_length=limit("colour").n)]
BoardText = Annotated[str, msgspec.Meta(max_length=limit("board_text").n)]
Kind = Literal["stroke", "rect", "ellipse", "line", "arrow", "text", "sticky"]


class Element(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One board element as a client draws it: `kind` says which fields matter.

    `points` (relative to x, y) for stroke, line, arrow; `w, h` for rect, ellipse, text, sticky;
    `text` for text and sticky; `color` is a sticky note's colour; colours are `#rgb`/`#rrggbb`.
    The server adds `version` and `by` (who changed it last).
    """

    id: ElementId
    kind: Kind
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    points: Points = []
    pressure: Pressures | None = None
    text: BoardText = ""
    stroke: Colour = "#1f2933"
    fill: Colour = ""
    color: Colour = ""
    stroke_width: float = 2.0


class ElementPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The fields an update changes; a missing field stays as it is."""

    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None
    points: Points | None = None
    pressure: Pressures | None = None
    text: BoardText | None = None
    stroke: Colour | None = None
    fill: Colour | None = None
    color: Colour | None = None
    stroke_width: float | None = None


class AddElement(ClientCommand, frozen=True):
    """Put an element on the board under an id you choose (unique; draw it at once, optimistically).

    Refused with `conflict` if the id was ever used in this board; `limit` past 2000 elements, 2000
    points per stroke or 150000 points on the whole board; `too_long` past 1000 characters of text.
    Changes count against the 20 commands a second each connection may send.
    """

    element: Element
    example = {
        "element": {
            "id": "s-7f3a9c",
            "kind": "sticky",
            "x": 120,
            "y": 80,
            "w": 160,
            "h": 120,
            "text": "Handover was late",
            "color": "#ffd43b",
        }
    }


class UpdateElement(ClientCommand, frozen=True):
    """Move, resize, restyle or re-text an element you hold at `base_version`.

    If someone changed it since, the update is refused with `conflict` (nothing changes): apply
    your edit to the version you now hold and send it again. Every client therefore converges.
    """

    id: ElementId
    base_version: int
    patch: ElementPatch
    example = {"id": "s-7f3a9c", "base_version": 1, "patch": {"x": 300, "y": 90}}


class DeleteElement(ClientCommand, frozen=True):
    """Remove an element from the board (its author can undo a delete of their own)."""

    id: ElementId
    example = {"id": "s-7f3a9c"}


class ClearBoard(ClientCommand, frozen=True):
    """Wipe the board (facilitators only). Not undoable: confirm with the person first."""

    example = {}


class UndoBoard(ClientCommand, frozen=True):
    """Undo your own latest board change (changes by others to that element drop it from your history)."""

    example = {}


class RedoBoard(ClientCommand, frozen=True):
    """Redo your latest undone board change."""

    example = {}


class MoveCursor(ClientCommand, frozen=True):
    """Ephemeral: where your pointer is on the board; others get `relay` {type: "move_cursor"}."""

    ephemeral = True
    x: float
    y: float
    example = {"x": 412.5, "y": 230.0}


class PreviewStroke(ClientCommand, frozen=True):
    """Ephemeral: the stroke you are drawing, so far (send the new points since the last preview).

    Send `add_element` with the whole stroke when the pen lifts; previews are never stored.
    """

    ephemeral = True
    id: ElementId
    points: Annotated[list[Point], msgspec.Meta(max_length=limit("preview_points").n)]
    stroke: Colour = "#1f2933"
    stroke_width: float = 2.0
    example = {"id": "s-81bd02", "points": [[10, 12], [14, 18]], "stroke": "#1f2933", "stroke_width": 2}
