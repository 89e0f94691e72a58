"""Events about who is in the room."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.base import Event
from rooms.state import Role, RoomSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomCreated(Event):
    room_id: str
    title: str
    code_of_conduct: str = ""
    settings: RoomSettings = field(default_factory=RoomSettings)


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberJoined(Event):
    member_id: str
    name: str
    role: Role


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberKnocked(Event):
    """Someone waits in the lobby; only facilitators see who (others see a count)."""

    member_id: str
    name: str
    role: Role


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberReturned(Event):
    """A known member's socket is back."""

    member_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberDisconnected(Event):
    """A member's socket dropped; unless it returns by `gone_at` it is counted as gone."""

    member_id: str
    gone_at: float


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberLeft(Event):
    member_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRenamed(Event):
    member_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomLocked(Event):
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomUnlocked(Event):
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomSettingsChanged(Event):
    """A facilitator (`by`) changed the room's settings: `settings` is the whole new set, `changed`
    names the fields that changed."""

    settings: RoomSettings
    changed: list[str]
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberAdmitted(Event):
    """A knocker is let in; `name` is here because the knock hid it from everyone but facilitators."""

    member_id: str
    by: str
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberDenied(Event):
    member_id: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRemoved(Event):
    member_id: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FacilitatorHandedOff(Event):
    from_id: str
    to_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleChanged(Event):
    member_id: str
    role: Role
    by: str
