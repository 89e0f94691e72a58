"""The record of a room's current session as plain data: the one thing every export format renders.

Anonymity holds here as on the wire: an anonymous card has `author: null`, and cards never revealed
to the group are counted, not shown (nobody but their author ever read them). Member ids never
appear; named authors and owners appear by display name.

Other features' parts (the agenda as it ran, airtime) come through `record_section`
(server/record/sections.py): each registered function gets the state and the time of the export
and returns plain data shown under its name, or None when it has nothing.
"""

from __future__ import annotations

from typing import Any

import msgspec

from rooms.state import RoomState
from server.record import speech as _speech  # noqa: F401  (registers measured speech and recordings)
from server.record.sections import SECTIONS
from server.record.small_groups import page_of, small_groups
from server.record.svg import board_svg


def build_record(state: RoomState, now: float) -> dict[str, Any]:
    """The session record at `now` as JSON-ready data, with no anonymous author and no member id."""
    names = {m.id: m.name for m in state.members.values()}
    r = state.reflections
    totals = r.totals()
    # A group's cards are in its small-group section; the main room's reflections are the main room's.
    main_cards = [card for card in r.cards.values() if not card.space]
    shown = [card for card in main_cards if not card.hidden]
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
    extra = {name: fn(state, now) for name, fn in SECTIONS.items()}
    return {
        "room_id": state.room_id,
        "title": state.title,
        "session": state.session,
        "created_at": state.created_at,
        "exported_at": now,
        #: when a facilitator ended the session (EndSession); None while it runs
        "ended_at": state.ended_at,
        "agenda": extra.pop("agenda", None),
        "airtime": extra.pop("airtime", None),
        **extra,
        "reflections": {
            "cards": cards,
            "unrevealed_cards": len(main_cards) - len(shown),
            "removed_cards": r.removed_cards,
            "groups": groups,
            "voting": {"budget": r.voting.budget, "per_card": r.voting.per_card, "open": r.voting.open},
        },
        "action_items": [msgspec.to_builtins(item) for item in r.action_items.values()],
        "carried_over": list(r.carried_over),
        "board": {"elements": len(page_of(state, "").elements), "svg": board_svg(page_of(state, ""))},
        "small_groups": small_groups(state),
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
