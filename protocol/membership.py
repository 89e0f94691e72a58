"""Commands about who is in the room."""

from __future__ import annotations

from typing import Literal

from protocol.messages import ClientCommand, Id, Name


class Leave(ClientCommand, frozen=True):
    """Leave the room on purpose (a dropped socket is not a leave)."""

    example = {}


class Rename(ClientCommand, frozen=True):
    """Change your display name (1-40 visible characters)."""

    name: Name
    example = {"name": "Ana"}


class LockRoom(ClientCommand, frozen=True):
    """Nobody new enters without being admitted from the lobby."""

    example = {}


class UnlockRoom(ClientCommand, frozen=True):
    """Open the door again."""

    example = {}


class Admit(ClientCommand, frozen=True):
    """Let a member waiting in the lobby in."""

    target: Id
    example = {"target": "m-3f9a"}


class Deny(ClientCommand, frozen=True):
    """Turn a member waiting in the lobby away."""

    target: Id
    example = {"target": "m-3f9a"}


class RemoveMember(ClientCommand, frozen=True):
    """Remove a member; they are disconnected and cannot come back with their token."""

    target: Id
    reason: Name = ""
    example = {"target": "m-3f9a", "reason": "asked to leave"}


class HandOff(ClientCommand, frozen=True):
    """Give the facilitator role to another member; you become co-facilitator."""

    target: Id
    example = {"target": "m-3f9a"}


class ClaimFacilitator(ClientCommand, frozen=True):
    """Take the facilitator role when the facilitator has left (co-facilitators only)."""

    example = {}


class SetRole(ClientCommand, frozen=True):
    """Make a member co-facilitator, participant or observer (the facilitator role moves by `hand_off`:
    asking for it here is refused with `bad_value`)."""

    target: Id
    role: Literal["facilitator", "co_facilitator", "participant", "observer"]
    example = {"target": "m-3f9a", "role": "co_facilitator"}


class SetRoomSettings(ClientCommand, frozen=True):
    """Change the room's settings during the session (facilitators); only the fields sent change:
    `lobby` (everyone but facilitators waits to be admitted), `capacity` (seats, observers aside; not
    fewer than the people in the room now), `reconnect_grace` (seconds a dropped member keeps their
    place, from their next drop on), `wait_between_phases` (no phase starts by itself) and
    `vote_totals_hidden` (chosen while no vote is open). Who sees airtime: `set_airtime_visibility`."""

    lobby: bool | None = None
    capacity: int | None = None
    reconnect_grace: float | None = None
    wait_between_phases: bool | None = None
    vote_totals_hidden: bool | None = None
    example = {"lobby": True, "wait_between_phases": True}
