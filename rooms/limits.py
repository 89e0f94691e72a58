"""Every limit of the room, once: the rules enforce them, the wire schema and the JSON Schemas carry
them, the browser gets them generated (web/src/generated/limits.js) and docs/protocol.md lists them.

Text over its limit is refused with `too_long`, a list or a room part that is full with `limit`,
a number out of its range with `bad_value`, whether the wire or the rule notices first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rooms.errors import Code


@dataclass(frozen=True, slots=True)
class Limit:
    """The most something may be (characters, items, seconds), and what it is, for people."""

    most: float
    what: str
    least: float = 0

    @property
    def code(self) -> Code:
        """The refusal a client gets past it: characters `too_long`, items `limit`, numbers `bad_value`."""
        if self.what.startswith("characters"):
            return Code.TOO_LONG
        if self.what.startswith("items"):
            return Code.LIMIT
        return Code.BAD_VALUE

    @property
    def n(self) -> int:
        """The limit as a whole number (lengths and counts)."""
        return int(self.most)


LIMITS: dict[str, Limit] = {
    # membership
    "member_name": Limit(40, "characters in a display name"),
    "room_title": Limit(120, "characters in a room's title"),
    "code_of_conduct": Limit(4000, "characters in a room's code of conduct"),
    "removal_reason": Limit(200, "characters in the reason a member or card was removed"),
    "id": Limit(64, "characters in a member, card, group, item or phase id", least=1),
    "members_listed": Limit(64, "items in a list of members (an order, a round)"),
    "capacity": Limit(64, "people a room holds", least=2),
    "reconnect_grace": Limit(3600, "seconds a dropped member keeps their place"),
    # floor
    "turn_seconds": Limit(3600, "seconds in a turn's time box"),
    "turn_extension": Limit(3600, "seconds added to a turn at once", least=1),
    "stick_grace": Limit(120, "seconds of grace after a talking-stick turn's time"),
    # agenda
    "phases": Limit(40, "items in an agenda (phases)"),
    "phase_title": Limit(120, "characters in a phase's title, prompt or role name"),
    "phase_prompt": Limit(2000, "characters in a phase's prompt or a template's description"),
    "phase_lists": Limit(12, "items in a phase's prompts or roles"),
    "phase_seconds": Limit(4 * 3600, "seconds a phase is planned for"),
    "phase_extension": Limit(4 * 3600, "seconds added to a phase at once", least=1),
    "group_size": Limit(8, "people in a group of a pairs phase"),
    "template_name": Limit(40, "characters in a template's name"),
    "template_toml": Limit(50_000, "characters in a pasted TOML template"),
    # board
    "elements": Limit(2000, "items on one board (elements)"),
    "stroke_points": Limit(2000, "items in one stroke, line or arrow (points)"),
    "board_points": Limit(150_000, "items of drawing on the whole board (points)"),
    "preview_points": Limit(200, "items in a stroke preview (points)"),
    "board_text": Limit(1000, "characters in a board element's text"),
    "element_id": Limit(40, "characters in a board element's id", least=1),
    "colour": Limit(9, "characters in a colour (#rgb to #rrggbbaa)"),
    "coordinate": Limit(100_000, "board units from the origin"),
    "stroke_width": Limit(100, "board units of stroke width"),
    "undo_steps": Limit(100, "items in one member's undo history"),
    # reflections
    "card_text": Limit(1000, "characters in a card"),
    # chat and screen sharing
    "chat_text": Limit(1000, "characters in a chat message"),
    "chat_messages": Limit(2000, "items in one session's chat"),
    "stream_id": Limit(100, "characters in a screen share's stream id", least=1),
    "card_prompt": Limit(200, "characters in a reflection prompt"),
    "prompts": Limit(8, "items in a phase's reflection prompts"),
    "cards": Limit(500, "items in a session's cards"),
    "cards_per_person": Limit(100, "items in one person's cards in a session"),
    "group_name": Limit(60, "characters in a card group's name"),
    "groups": Limit(50, "items in a session's card groups"),
    "group_note": Limit(2000, "characters in a card group's note"),
    "action_text": Limit(300, "characters in an action item"),
    "action_items": Limit(200, "items in a session's action items"),
    "action_owner": Limit(40, "characters in an action item's owner"),
    "action_due": Limit(10, "characters in an action item's due date (YYYY-MM-DD)"),
    "dot_budget": Limit(20, "items in each person's dot budget (dots)"),
    # breakout spaces
    "space_groups": Limit(50, "items in one arrangement of breakout groups (groups)"),
    "space_announcement": Limit(500, "characters in an announcement to the groups"),
    "space_note": Limit(2000, "characters in a group's note to the main room"),
    "return_warnings": Limit(5, "items in the warnings before groups return"),
    "return_warning": Limit(3600, "seconds before the end a return warning comes", least=1),
    "return_grace": Limit(300, "seconds of grace before groups return"),
    # media signalling (relayed, never logged)
    "signal_fields": Limit(8, "items in one media signalling message (fields)"),
    # any text the wire carries that no rule above bounds
    "text": Limit(4000, "characters in any other text field"),
}


def limit(name: str) -> Limit:
    """The limit called `name` (a KeyError names a limit that is not in the table)."""
    return LIMITS[name]
