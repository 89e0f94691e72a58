"""The record's small groups: what each group brought back (its note, cards and board page), by label.

Each harvest of the session becomes one section: the group's label and phase, its members by name,
its "what we want to share" note, its cards (anonymous ones without author, never-revealed ones
counted only) and its board page as its own SVG. The main room's reflections and board then show
only what was made in the main room, so nothing is counted twice.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from rooms.board.state import BoardState
from rooms.state import RoomState
from server.record.svg import SVG_NS, _num, board_svg


def page_of(state: RoomState, space: str) -> BoardState:
    """The board elements drawn in `space` ("" : the main room's page), as a board of their own."""
    return BoardState(elements={k: el for k, el in state.board.elements.items() if el.space == space})


def small_groups(state: RoomState) -> list[dict[str, Any]]:
    """One entry per group harvest of the session, in the order the groups came back."""
    names = {m.id: m.name for m in state.members.values()}
    titles = {p.id: p.title for p in state.agenda.phases}
    out = []
    for h in state.spaces.harvests:
        cards = [state.reflections.cards[c] for c in h.card_ids if c in state.reflections.cards]
        shown = [card for card in cards if not card.hidden]
        page = BoardState(elements={x: state.board.elements[x] for x in h.element_ids if x in state.board.elements})
        out.append(
            {
                "label": h.label,
                "phase": titles.get(h.phase_id, h.phase_id),
                "members": [names.get(m, "(someone who left)") for m in h.members],
                "note": h.note,
                "cards": [
                    {
                        "id": card.id,
                        "prompt": card.prompt,
                        "text": card.text,
                        "anonymous": card.anonymous,
                        "author": None if card.anonymous else names.get(card.author, "(someone who left)"),
                    }
                    for card in shown
                ],
                "unrevealed_cards": len(cards) - len(shown),
                "board": {"elements": len(page.elements), "svg": board_svg(page)},
            }
        )
    return out


LABEL_HEIGHT = 40.0


def boards_svg(state: RoomState) -> str:
    """The whole board as one SVG: the main room's page, then each group's page under its label
    (just the board, as before, when no group came back yet)."""
    if not state.spaces.harvests:
        return board_svg(state.board)
    pages = [("Main room", page_of(state, ""))]
    for h in state.spaces.harvests:
        els = {x: state.board.elements[x] for x in h.element_ids if x in state.board.elements}
        pages.append(
            (
                f"{h.label}: {', '.join(state.members[m].name for m in h.members if m in state.members)}",
                BoardState(elements=els),
            )
        )
    ET.register_namespace("", SVG_NS)
    outer = ET.Element(f"{{{SVG_NS}}}svg")
    y = 0.0
    width = 0.0
    for label, page in pages:
        text = ET.SubElement(
            outer, f"{{{SVG_NS}}}text", {"x": "8", "y": _num(y + 26), "font-size": "20", "font-family": "sans-serif"}
        )
        text.text = label  # ElementTree escapes it: a member's name stays text
        y += LABEL_HEIGHT
        inner = ET.fromstring(board_svg(page))
        inner.set("y", _num(y))
        inner.set("class", "page")
        outer.append(inner)
        y += float(inner.get("height", "0"))
        width = max(width, float(inner.get("width", "0")))
    outer.set("width", _num(width))
    outer.set("height", _num(y))
    outer.set("viewBox", f"0 0 {_num(width)} {_num(y)}")
    return ET.tostring(outer, encoding="unicode")
