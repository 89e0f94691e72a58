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


def speaking_in(state: RoomState, space_id: str) -> list[str]:
    """Who the listener hears speaking in space `space_id` now (an utterance still going at the end of
    its last window), in join order: what the facilitator's overview shows for every group at once,
    not only for the group they visit (their browser hears only that one)."""
    talking = state.speech.open
    return [m.id for m in state.present() if m.id in talking and group_of(state, m.id) == space_id]
