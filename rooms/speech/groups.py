"""Which conversation a member is in, for overlaps: people in different breakout groups are not
talking over each other.

Until breakout spaces exist (issue 10, `rooms/spaces/`) everyone is in the main space, "". When they
land, `group_of` asks them which space the member is in; nothing else here changes.
"""

from __future__ import annotations

from rooms.state import RoomState

MAIN = ""


def group_of(state: RoomState, member_id: str) -> str:
    """The space `member_id` speaks in ("" is the main room)."""
    return MAIN
