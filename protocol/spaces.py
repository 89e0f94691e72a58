"""Commands about spaces: the small groups' own call, board page and cards (rooms/spaces).

During a small-group phase each group has a space; the snapshot's `spaces.open` lists them
(`id`, `label`, `members`, `visitors`, `note`), `spaces.mine` is the viewer's own. Media signals
reach only members of the sender's space (a signal to anyone else is refused with `forbidden`).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

Members = Annotated[list[Id], msgspec.Meta(max_length=limit("members_listed").n)]
GroupList = Annotated[list[Members], msgspec.Meta(max_length=limit("space_groups").n)]
Warning = Annotated[float, msgspec.Meta(ge=limit("return_warning").least, le=limit("return_warning").most)]
Warnings = Annotated[list[Warning], msgspec.Meta(max_length=limit("return_warnings").n)]


class ArrangeGroups(ClientCommand, frozen=True):
    """Arrange the groups of the next small-group phase by hand, as lists of participant ids (an empty
    list: let the server form them). Latecomers join the smallest group; groups of one are merged
    (facilitators)."""

    groups: GroupList = []
    example = {"groups": [["m-1a2b", "m-3c4d"], ["m-5e6f", "m-7a8b", "m-9c0d"]]}


class MoveToGroup(ClientCommand, frozen=True):
    """Move participant `member_id` into open group `space_id`; a group left with one person is
    merged into the smallest other (facilitators)."""

    member_id: Id
    space_id: Id
    example = {"member_id": "m-1a2b", "space_id": "s2"}


class ReshuffleGroups(ClientCommand, frozen=True):
    """Form new groups of the phase's size, mixing people who were together (facilitators)."""

    example = {}


class VisitGroup(ClientCommand, frozen=True):
    """Join group `space_id`'s call and board; its members see "facilitator visiting" (facilitators)."""

    space_id: Id
    example = {"space_id": "s1"}


class EndVisit(ClientCommand, frozen=True):
    """Leave the group you visit, back to the main room (facilitators)."""

    example = {}


class WatchGroup(ClientCommand, frozen=True):
    """Watch group `space_id` (its call and board, never speaking); "" back to the main room (observers)."""

    space_id: Annotated[str, msgspec.Meta(max_length=limit("id").n)] = ""
    example = {"space_id": "s1"}


class AnnounceToGroups(ClientCommand, frozen=True):
    """Show a short announcement (at most 500 characters) in every group (facilitators)."""

    text: Annotated[str, msgspec.Meta(max_length=limit("space_announcement").n)]
    example = {"text": "Five more minutes, then swap roles"}


class WriteGroupNote(ClientCommand, frozen=True):
    """Write your group's "what we want to share" note (at most 2000 characters); it comes back to the
    main room with the group's cards and board page (participants in a group)."""

    note: Annotated[str, msgspec.Meta(max_length=limit("space_note").n)]
    example = {"note": "We both freeze when a client goes silent"}


class SetReturnTiming(ClientCommand, frozen=True):
    """Warn every group `warnings` seconds before its time is up (each once), then give `grace` seconds
    to finish a sentence before everyone returns (facilitators)."""

    warnings: Annotated[list[Warning], msgspec.Meta(max_length=limit("return_warnings").n)] = msgspec.field(
        default_factory=lambda: [60.0, 10.0]
    )
    grace: Annotated[float, msgspec.Meta(ge=0, le=limit("return_grace").most)] = 10.0
    example = {"warnings": [60, 10], "grace": 10}


class CallGroupsBack(ClientCommand, frozen=True):
    """Bring every group back now, after the grace to finish a sentence; the phase then ends (facilitators)."""

    example = {}
