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
