"""Commands about who is in the room."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rooms.base import Command
from rooms.state import Role, RoomSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRoom(Command):
    """Open a new room (from the HTTP API, not from a socket)."""

    system: ClassVar[bool] = True
    title: str
    code_of_conduct: str = ""
    settings: RoomSettings = field(default_factory=RoomSettings)


@dataclass(frozen=True, slots=True, kw_only=True)
class Join(Command):
    """A socket asks to enter as `actor`; the role comes from its signed link, never the client."""

    system: ClassVar[bool] = True
    name: str
    role: Role
    #: the session the socket's link was signed for (None: no link, the server's own join)
    link_session: int | None = None
    #: the socket came back with a member token (`resume`)
    resuming: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Disconnect(Command):
    """The server saw the member's last socket drop; it may come back within the grace."""

    system: ClassVar[bool] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Leave(Command):
    """The member leaves on purpose."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rename(Command):
    """Change one's own display name."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LockRoom(Command):
    """Nobody new enters without being admitted from the lobby."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UnlockRoom(Command):
    """Open the door again (the lobby setting, if on, still applies)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Admit(Command):
    """Let a knocking member in."""

    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Deny(Command):
    """Turn a knocking member away."""

    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveMember(Command):
    """Remove a member for good: their link and resume token no longer bring them back."""

    target: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandOff(Command):
    """Give the facilitator role to another member; the giver becomes co-facilitator."""

    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimFacilitator(Command):
    """A co-facilitator takes the role when the facilitator has left (not merely dropped)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetRole(Command):
    """Make a member co-facilitator, participant or observer (not facilitator: use HandOff)."""

    target: str
    role: Role


@dataclass(frozen=True, slots=True, kw_only=True)
class SetRoomSettings(Command):
    """Change some of the room's settings during the session (facilitators): only the fields given
    change. Who sees airtime has its own command (`set_airtime_visibility`); the template is the
    room's first agenda, loaded once at creation."""

    #: everyone who is not a facilitator waits in the lobby until admitted
    lobby: bool | None = None
    #: seats (observers aside); not below the number of people in the room now
    capacity: int | None = None
    #: seconds a dropped member keeps their place (from their next drop on)
    reconnect_grace: float | None = None
    #: every phase waits for the facilitator's "Next step"
    wait_between_phases: bool | None = None
    #: dot-vote totals hidden until voting closes (not while a vote is open)
    vote_totals_hidden: bool | None = None
