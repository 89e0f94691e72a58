"""Whom a view of an event or of the room is for."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.state import Role

FACILITATOR_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR)


@dataclass(frozen=True, slots=True)
class Viewer:
    """A member looking at the room, with the role that decides what they may see."""

    member_id: str
    role: Role

    @property
    def leads(self) -> bool:
        return self.role in FACILITATOR_ROLES
