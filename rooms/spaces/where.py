"""Which space a member is in now, and the viewer that follows from it.

`space_of` is the one answer to "where is X": the fan-out, the media relay, the content rules and
the speech measures per group (issue 15) all ask it. A participant is in their group's space; a
facilitator in the space they visit; an observer in the space they watch; everyone else, and
everyone outside a small-group phase, in the main room (`MAIN`).
"""

from __future__ import annotations

from rooms.spaces.state import MAIN
from rooms.state import RoomState
from rooms.viewer import Viewer


def space_of(state: RoomState, member_id: str) -> str:
    """The id of the space `member_id` is in now (`MAIN`, "", for the main room)."""
    sp = state.spaces
    for s in sp.open:
        if member_id in s.members or member_id in s.visitors:
            return s.id
    watched = sp.watching.get(member_id, MAIN)
    return watched if sp.space(watched) is not None else MAIN


def members_in(state: RoomState, space_id: str) -> list[str]:
    """Present members in space `space_id` now, in join order."""
    return [m.id for m in state.present() if space_of(state, m.id) == space_id]


def viewer_for(state: RoomState, member_id: str) -> Viewer | None:
    """What `member_id` may see: their own space's content, the main room's, and every harvest."""
    m = state.members.get(member_id)
    if m is None:
        return None
    space = space_of(state, member_id)
    seen = state.spaces.harvested() | {space}
    return Viewer(member_id, m.role, space=space, spaces=frozenset(seen))


def same_space(state: RoomState, a: str, b: str) -> bool:
    """True when members `a` and `b` are in the same space (so they may hear and see each other)."""
    return space_of(state, a) == space_of(state, b)


#: relayed messages that carry a call's media handshake: they never cross spaces, whoever sends them
MEDIA_SIGNALS = frozenset({"signal"})


def may_relay(state: RoomState, kind: str, sender: str, to: str) -> bool:
    """Whether `sender` may send the relayed message `kind` to member `to`: within one space only
    (so no one hears another group); facilitators may also ask anyone to mute, say, from anywhere."""
    if same_space(state, sender, to):
        return True
    m = state.members.get(sender)
    return kind not in MEDIA_SIGNALS and m is not None and Viewer(sender, m.role).leads
