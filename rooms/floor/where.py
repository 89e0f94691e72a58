"""Which floor: the main room's, or a small group's own (when its phase asks for one).

Every floor rule is written once, for one floor named by its key: `MAIN` ("") for the main room's
(`state.floor` itself), or a space id for a group's own (`state.floor.spaces[key]`). A member is on
the floor of the space they are in (their group, the group a facilitator visits), if that space has
a floor of its own; otherwise on the main room's, as outside small groups.
"""

from __future__ import annotations

from rooms.errors import ImpossibleEvent
from rooms.floor.state import Floor, Turn
from rooms.spaces.state import MAIN
from rooms.spaces.where import space_of
from rooms.state import RoomState


def floor_of(state: RoomState, key: str) -> Floor:
    """The floor `key` names (an event about a floor that is not there cannot happen)."""
    if key == MAIN:
        return state.floor
    floor = state.floor.spaces.get(key)
    if floor is None:
        raise ImpossibleEvent(f"no floor of its own in space {key!r}")
    return floor


def floor_key(state: RoomState, member_id: str) -> str:
    """The key of the floor `member_id` is on now."""
    space = space_of(state, member_id)
    return space if space in state.floor.spaces else MAIN


def floors(state: RoomState) -> list[tuple[str, Floor]]:
    """Every floor, the main room's first, then the groups' in the order they opened."""
    return [(MAIN, state.floor), *state.floor.spaces.items()]


def speakers(state: RoomState) -> list[Turn]:
    """Every floor's current turn."""
    return [f.speaker for _, f in floors(state) if f.speaker is not None]
