"""What a room is at a given `seq`: members and their roles, the lobby, and each feature's part.

State is a tree of plain dataclasses, mutated only by `apply` (rooms/core.py). It is mutable on
purpose: a whiteboard holds thousands of elements and copying it for every stroke would cost more
than it protects. `decide` only reads it; tests check a rejected command leaves it equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rooms.agenda.state import AgendaState
from rooms.board.state import BoardState
from rooms.chat.state import ChatState
from rooms.floor.state import FloorState
from rooms.reflections.state import ReflectionsState
from rooms.screen.state import ScreenState
from rooms.spaces.state import SpacesState
from rooms.speech.state import SpeechState


class Role(StrEnum):
    """A member's role; what each may do is in rooms/permissions.py."""

    FACILITATOR = "facilitator"
    CO_FACILITATOR = "co_facilitator"
    PARTICIPANT = "participant"
    OBSERVER = "observer"


class Presence(StrEnum):
    """Whether a member's connection is live."""

    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    LEFT = "left"


class Admission(StrEnum):
    """Where a member stands with the door."""

    WAITING = "waiting"
    ADMITTED = "admitted"


@dataclass
class Member:
    """One person in the room (or knocking at it)."""

    id: str
    name: str
    role: Role
    presence: Presence = Presence.CONNECTED
    admission: Admission = Admission.ADMITTED
    joined_at: float = 0.0
    #: while reconnecting: when the member is counted as gone
    gone_at: float | None = None


class AirtimeAudience(StrEnum):
    """Who sees airtime (seconds each person held the floor) while the session runs."""

    #: the facilitators' panel only (the default: numbers on everyone's screen can shame)
    FACILITATORS = "facilitators"
    #: everyone: some groups choose this on purpose, to regulate their own talk time
    EVERYONE = "everyone"


@dataclass
class RoomSettings:
    """Choices made when the room is created (a facilitator may change some during the session)."""

    capacity: int = 16
    lobby: bool = False
    reconnect_grace: float = 60.0
    template: str = ""
    airtime_visible_to: AirtimeAudience = AirtimeAudience.FACILITATORS
    #: every phase waits for the facilitator's "Next step" instead of starting by itself
    wait_between_phases: bool = False
    #: dot-vote totals stay hidden until voting closes, so nobody follows the crowd (Parabol does this)
    vote_totals_hidden: bool = False


@dataclass
class RoomState:
    """Everything the room knows; `seq` counts the events applied so far."""

    room_id: str
    seq: int = 0
    created: bool = False
    created_at: float = 0.0
    title: str = ""
    code_of_conduct: str = ""
    #: a room can meet again; each meeting is a session, and tokens name theirs
    session: int = 1
    #: when a facilitator ended the current session (None while it runs)
    ended_at: float | None = None
    settings: RoomSettings = field(default_factory=RoomSettings)
    locked: bool = False
    members: dict[str, Member] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    floor: FloorState = field(default_factory=FloorState)
    agenda: AgendaState = field(default_factory=AgendaState)
    board: BoardState = field(default_factory=BoardState)
    reflections: ReflectionsState = field(default_factory=ReflectionsState)
    chat: ChatState = field(default_factory=ChatState)
    screen: ScreenState = field(default_factory=ScreenState)
    spaces: SpacesState = field(default_factory=SpacesState)
    speech: SpeechState = field(default_factory=SpeechState)

    def admitted(self, member_id: str) -> Member | None:
        """The member if it is in the room proper (not knocking, not gone)."""
        m = self.members.get(member_id)
        if m is None or m.admission is not Admission.ADMITTED or m.presence is Presence.LEFT:
            return None
        return m

    def present(self) -> list[Member]:
        """Admitted members who have not left, in join order."""
        return [
            m for m in self.members.values() if m.admission is Admission.ADMITTED and m.presence is not Presence.LEFT
        ]

    def facilitator(self) -> Member | None:
        """The one member holding the facilitator role, present or not."""
        for m in self.members.values():
            if m.role is Role.FACILITATOR:
                return m
        return None
