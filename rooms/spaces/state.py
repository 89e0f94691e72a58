"""State of the room's spaces: the main room and, during a small-group phase, one space per group.

A space is where a group talks, draws and writes: its members' browsers connect only to each
other, their board page and cards carry the space's id, and nobody outside sees them until the
harvest. Facilitators visit a space (and are then in it); observers watch one. The deadlines are
the agenda's (`ends_at`) plus the return grace, so a node taking the room over re-arms them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: the main room's space id: content without a space belongs to everyone
MAIN = ""
#: warn the groups this many seconds before their time is up (each once)
DEFAULT_WARNINGS = (60.0, 10.0)
#: after the time is up, this long to finish a sentence before everyone returns
DEFAULT_GRACE = 10.0


@dataclass
class Space:
    """One group's own space: its participants, the facilitators visiting, its note to share."""

    id: str
    label: str
    members: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    #: "what we want to share": written by the group, shown to the main room on return
    note: str = ""


@dataclass
class Harvest:
    """What one group brought back: its members, note, and the ids of its cards and board elements."""

    space_id: str
    label: str
    phase_id: str
    members: list[str]
    note: str
    card_ids: list[str] = field(default_factory=list)
    element_ids: list[str] = field(default_factory=list)
    returned_at: float = 0.0


@dataclass
class SpacesState:
    """Who is where, how the return is timed, and every harvest of the session so far."""

    #: the groups' spaces while a small-group phase runs (empty otherwise: everyone is in the main room)
    open: list[Space] = field(default_factory=list)
    phase_id: str = ""
    #: groups a facilitator arranged by hand for the next small-group phase (empty: the server forms them)
    arranged: list[list[str]] = field(default_factory=list)
    #: observer -> the space they watch
    watching: dict[str, str] = field(default_factory=dict)
    warnings: list[float] = field(default_factory=lambda: list(DEFAULT_WARNINGS))
    grace: float = DEFAULT_GRACE
    #: warnings already given, for the phase end `warned_for` (an extension re-arms them)
    warned: list[float] = field(default_factory=list)
    warned_for: float | None = None
    #: a facilitator called the groups back: everyone returns at this time, whatever the phase's clock
    called_back_until: float | None = None
    #: the return time the groups were last told about (`ReturnStarted`); an extension moves it
    announced_return: float | None = None
    #: space ids are s1, s2, ... counting across phases and sessions, so a harvest never collides
    counter: int = 0
    harvests: list[Harvest] = field(default_factory=list)

    def space(self, space_id: str) -> Space | None:
        """The open space `space_id`, or None."""
        return next((s for s in self.open if s.id == space_id), None)

    def group_of(self, member_id: str) -> Space | None:
        """The open space `member_id` belongs to as a member (not as a visitor), or None."""
        return next((s for s in self.open if member_id in s.members), None)

    def harvested(self) -> frozenset[str]:
        """Ids of spaces whose content came back to the main room."""
        return frozenset(h.space_id for h in self.harvests)
