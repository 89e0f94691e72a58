"""Whom a view of an event or of the room is for."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.state import Role

FACILITATOR_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR)


@dataclass(frozen=True, slots=True)
class Viewer:
    """A member looking at the room, with the role and the spaces that decide what they may see."""

    member_id: str
    role: Role
    #: the space the viewer is in now ("" : the main room; rooms/spaces/where.py)
    space: str = ""
    #: besides the main room's: the spaces whose content they see (their own, every harvested one)
    spaces: frozenset[str] = frozenset()

    @property
    def leads(self) -> bool:
        return self.role in FACILITATOR_ROLES

    def sees(self, space: str) -> bool:
        """Whether content made in `space` reaches this viewer (facilitators see every group)."""
        return not space or self.leads or space in self.spaces
