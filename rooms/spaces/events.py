"""Events of the spaces: groups opening, people moving between them, visits, the timed return, the harvest.

Events about one space's content (its note) go only to that space's members and the facilitators
(rooms/spaces/views.py); `GroupsReturned` carries each group's cards and board page to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rooms.base import Event
from rooms.board.state import Element
from rooms.reflections.state import Card
from rooms.spaces.state import Space


class GroupChange(StrEnum):
    """Why the groups changed during a small-group phase."""

    #: a latecomer was placed in the smallest group
    JOINED = "joined"
    #: someone left their group (a group left with one person is merged into the smallest other)
    LEFT = "left"
    #: a facilitator moved someone
    MOVED = "moved"
    #: a facilitator reshuffled everyone
    RESHUFFLED = "reshuffled"


class ReturnReason(StrEnum):
    """Why the groups are coming back."""

    TIME_UP = "time_up"
    CALLED_BACK = "called_back"


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsArranged(Event):
    """A facilitator arranged the groups of the next small-group phase by hand (`groups` empty: the
    server forms them). Latecomers, leavers and groups of one are still sorted out when it starts."""

    groups: list[list[str]]
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SpacesOpened(Event):
    """A small-group phase began: each group has its own space (call, board page, cards) until the return."""

    phase_id: str
    spaces: list[Space]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsChanged(Event):
    """Groups changed (`reason`, about `member_id`): `groups` is every space's members now (a space
    missing from it is closed), `roles` each member's role in their group."""

    reason: GroupChange
    member_id: str
    groups: dict[str, list[str]]
    roles: dict[str, str]
    by: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupVisited(Event):
    """A facilitator joined a group's call and board (its members see "facilitator visiting")."""

    member_id: str
    space_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitEnded(Event):
    """A facilitator left the group they were visiting, back to the main room."""

    member_id: str
    space_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupWatched(Event):
    """An observer now watches `space_id` ("" : the main room); observers never speak."""

    member_id: str
    space_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsAnnounced(Event):
    """A facilitator's announcement, shown in every group."""

    text: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupNoteWritten(Event):
    """A group's "what we want to share" note is now `note` (seen by the group and the facilitators
    until the return, then by everyone)."""

    space_id: str
    note: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnTimingSet(Event):
    """Groups are warned `warnings` seconds before their time is up, then have `grace` seconds to finish."""

    warnings: list[float]
    grace: float
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsWarned(Event):
    """Every group: `seconds_left` until the time is up at `ends_at` (then a grace until the return)."""

    seconds_left: float
    ends_at: float
    warned: list[float]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnStarted(Event):
    """The groups' time is up (or a facilitator called them back): finish your sentence, everyone
    returns to the main room at `returns_at`."""

    reason: ReturnReason
    returns_at: float
    by: str = ""


@dataclass
class HarvestBrought:
    """One group's harvest as the return carries it: who, their note, their cards and board page."""

    space_id: str
    label: str
    phase_id: str
    members: list[str]
    note: str
    cards: list[Card] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsReturned(Event):
    """Everyone is back in the main room; `harvests` shows each group's cards (shaped as in
    CardWritten, anonymous ones without author), board page and note, labelled by group."""

    harvests: list[HarvestBrought]
