"""Who is typing a reflection is never shown to others: the agenda's typing grace knows, clients don't.

The agenda (rooms.agenda) logs `TypingMarked(member_id)` so a phase change waits for people still
writing. Broadcast as is, it names the writer seconds before an anonymous card appears, which ties
the card to its author. So every other viewer gets `member_id: ""` ("someone is typing until ...")
and the agenda's `typing` in a snapshot keeps only the viewer's own entry plus `""` for everyone
else; the live count of writers is the `writing` relay (server/writing.py). The typist sees their
own marks unchanged.
"""

from __future__ import annotations

import dataclasses

from rooms.agenda.events import TypingMarked
from rooms.agenda.state import AgendaState
from rooms.rules import Rules
from rooms.spaces.where import space_of
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("reflections.typing_view")


@rules.event_view(TypingMarked)
def _typing(ev: TypingMarked, viewer: Viewer) -> TypingMarked:
    return ev if ev.member_id == viewer.member_id else dataclasses.replace(ev, member_id="")


def anonymous_typing(typing: dict[str, float], viewer: Viewer) -> dict[str, float]:
    """`{member: until}` as `viewer` may see it: their own entry, and `""` for the latest of the rest."""
    out = {m: t for m, t in typing.items() if m == viewer.member_id}
    others = [t for m, t in typing.items() if m != viewer.member_id]
    if others:
        out[""] = max(others)
    return out


# The agenda registers no snapshot view of its own (the registry refuses two views of one part):
# if it ever needs one, it must project `typing` as this one does.
@rules.state_view("agenda")
def agenda_view(state: RoomState, viewer: Viewer) -> AgendaState:
    # Typists in a group the viewer does not see are not news for the viewer (rooms/spaces).
    seen = {m: t for m, t in state.agenda.typing.items() if viewer.sees(space_of(state, m))}
    return dataclasses.replace(state.agenda, typing=anonymous_typing(seen, viewer))
