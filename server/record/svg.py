"""The whiteboard as an SVG drawing.

Built with xml.etree.ElementTree, which escapes every attribute and text node: board text is
whatever people typed and must never become markup in the file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rooms.board.state import BoardState, Element, ElementKind

MARGIN = 20.0
SVG_NS = "http://www.w3.org/2000/svg"


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _bounds(board: BoardState) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for el in board.elements.values():
        if el.points:
            xs += [el.x + px for px, _ in el.points]
            ys += [el.y + py for _, py in el.points]
        else:
            xs += [el.x, el.x + el.w]
            ys += [el.y, el.y + el.h]
    if not xs:
        return 0.0, 0.0, 800.0, 600.0
    return min(xs) - MARGIN, min(ys) - MARGIN, max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + 2 * MARGIN


def _stroke_attrs(el: Element) -> dict[str, str]:
    width = el.stroke_width
    if el.pressure:
        # Pen pressure thickens a stroke; SVG paths have one width, so use the mean pressure.
        width *= 0.5 + sum(el.pressure) / len(el.pressure)
    return {"stroke": el.stroke or "none", "stroke-width": _num(width), "fill": el.fill or "none"}


def _text(parent: ET.Element, el: Element, x: float, y: float, size: float = 16.0) -> None:
    node = ET.SubElement(parent, "text", {"x": _num(x), "y": _num(y), "font-size": _num(size)})
    node.set("font-family", "sans-serif")
    for i, line in enumerate(el.text.split("\n")):
        span = ET.SubElement(node, "tspan", {"x": _num(x), "dy": "0" if i == 0 else "1.2em"})
        span.text = line


def _draw(svg: ET.Element, el: Element) -> None:
    if el.kind is ElementKind.STROKE:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{_num(el.x + px)} {_num(el.y + py)}" for i, (px, py) in enumerate(el.points)
        )
        attrs = _stroke_attrs(el) | {"d": d, "fill": "none", "stroke-linecap": "round", "stroke-linejoin": "round"}
        ET.SubElement(svg, "path", attrs)
    elif el.kind in (ElementKind.LINE, ElementKind.ARROW):
        (x1, y1), (x2, y2) = el.points[0], el.points[-1]
        attrs = _stroke_attrs(el) | {
            "x1": _num(el.x + x1),
            "y1": _num(el.y + y1),
            "x2": _num(el.x + x2),
            "y2": _num(el.y + y2),
        }
        if el.kind is ElementKind.ARROW:
            attrs["marker-end"] = "url(#arrow)"
        ET.SubElement(svg, "line", attrs)
    elif el.kind is ElementKind.RECT:
        box = {"x": _num(el.x), "y": _num(el.y), "width": _num(el.w), "height": _num(el.h)}
        ET.SubElement(svg, "rect", _stroke_attrs(el) | box)
    elif el.kind is ElementKind.ELLIPSE:
        shape = {
            "cx": _num(el.x + el.w / 2),
            "cy": _num(el.y + el.h / 2),
            "rx": _num(el.w / 2),
            "ry": _num(el.h / 2),
        }
        ET.SubElement(svg, "ellipse", _stroke_attrs(el) | shape)
    elif el.kind is ElementKind.STICKY:
        box = {"x": _num(el.x), "y": _num(el.y), "width": _num(el.w), "height": _num(el.h)}
        ET.SubElement(svg, "rect", box | {"fill": el.color or "#ffd43b", "stroke": "none", "rx": "4"})
        _text(svg, el, el.x + 8, el.y + 24)
    else:
        _text(svg, el, el.x, el.y + 16)


def board_svg(board: BoardState) -> str:
    """The board as a standalone SVG document (elements in drawing order)."""
    x, y, w, h = _bounds(board)
    svg = ET.Element(
        "svg",
        {"xmlns": SVG_NS, "viewBox": f"{_num(x)} {_num(y)} {_num(w)} {_num(h)}", "width": _num(w), "height": _num(h)},
    )
    defs = ET.SubElement(svg, "defs")
    marker = ET.SubElement(
        defs,
        "marker",
        {"id": "arrow", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "8", "markerHeight": "8"},
    )
    marker.set("orient", "auto-start-reverse")
    ET.SubElement(marker, "path", {"d": "M0 0 L10 5 L0 10 z", "fill": "context-stroke"})
    ET.SubElement(svg, "rect", {"x": _num(x), "y": _num(y), "width": _num(w), "height": _num(h), "fill": "#ffffff"})
    for el in board.elements.values():
        _draw(svg, el)
    return ET.tostring(svg, encoding="unicode")
