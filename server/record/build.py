"""The record of a room's current session as plain data: the one thing every export format renders.

Anonymity holds here as on the wire: an anonymous card has `author: null`, and cards never revealed
to the group are counted, not shown (nobody but their author ever read them). Member ids never
appear; named authors and owners appear by display name.

Other features add their part through `record_section` (the agenda as it ran, airtime): each
registered function returns plain data shown under its name, or None when it has nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from rooms.state import RoomState
from server.record.svg import board_svg

Section = Callable[[RoomState], Any]

#: name -> what that feature contributes to the record; "agenda" and "airtime" are expected
SECTIONS: dict[str, Section] = {}


def record_section(name: str) -> Callable[[Section], Section]:
    """Register a part of the record (the agenda feature registers "agenda" and "airtime")."""

    def register(fn: Section) -> Section:
        SECTIONS[name] = fn
        return fn

    return register


def build_record(state: RoomState) -> dict[str, Any]:
    """The session record as JSON-ready data, with no anonymous author and no member id in it."""
    names = {m.id: m.name for m in state.members.values()}
    r = state.reflections
    totals = r.totals()
    shown = [card for card in r.cards.values() if not card.hidden]
    group_names = {g.id: g.name for g in r.groups.values()}
    cards = [
        {
            "id": card.id,
            "prompt": card.prompt,
            "text": card.text,
            "anonymous": card.anonymous,
            "author": None if card.anonymous else names.get(card.author, "(someone who left)"),
            "group": group_names.get(card.group, ""),
            "votes": totals.get(card.id, 0),
        }
        for card in shown
    ]
    groups = [
        {
            "id": g.id,
            "name": g.name,
            "note": g.note,
            "cards": [card.id for card in shown if card.group == g.id],
            "votes": sum(totals.get(card.id, 0) for card in shown if card.group == g.id),
        }
        for g in r.groups.values()
    ]
    extra = {name: fn(state) for name, fn in SECTIONS.items()}
    return {
        "room_id": state.room_id,
        "title": state.title,
        "session": state.session,
        "created_at": state.created_at,
        "agenda": extra.pop("agenda", None),
        "airtime": extra.pop("airtime", None),
        **extra,
        "reflections": {
            "cards": cards,
            "unrevealed_cards": len(r.cards) - len(shown),
            "groups": groups,
            "voting": {"budget": r.voting.budget, "per_card": r.voting.per_card, "open": r.voting.open},
        },
        "action_items": [msgspec.to_builtins(item) for item in r.action_items.values()],
        "carried_over": list(r.carried_over),
        "board": {"elements": len(state.board.elements), "svg": board_svg(state.board)},
    }


def board_json(state: RoomState) -> dict[str, Any]:
    """The whiteboard as data: every element in drawing order (authors of board changes are not
    anonymous, but exports name nobody: `by` is dropped)."""
    elements = []
    for el in state.board.elements.values():
        data = msgspec.to_builtins(el)
        data.pop("by", None)
        elements.append(data)
    return {"room_id": state.room_id, "session": state.session, "elements": elements}
