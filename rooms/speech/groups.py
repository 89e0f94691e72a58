"""Which conversation a member is in, for overlaps: people in different breakout groups are not
talking over each other. The answer is the member's space (rooms/spaces/where.py `space_of`): their
group's during a small-group phase, the one a facilitator visits, else the main room ("").
"""

from __future__ import annotations

from rooms.spaces.where import space_of
from rooms.state import RoomState


def group_of(state: RoomState, member_id: str) -> str:
    """The space `member_id` speaks in ("" is the main room)."""
    return space_of(state, member_id)
