"""One phase of an agenda: what the group does, how, and for how long.

A phase is data: templates (rooms/agenda/templates/*.toml) and the facilitator's own agenda both
produce these, and events carry them whole so that a replay never re-reads a template file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PhaseMode(StrEnum):
    """How the group talks during a phase."""

    #: open discussion: hands and the facilitator decide who speaks
    OPEN = "open"
    #: a round: each person in turn, with a time box and the right to pass
    TALKING_STICK = "talking_stick"
    #: everyone writes alone (1-2-4-All's "1", reflection cards)
    SILENT_WRITING = "silent_writing"
    #: small groups (pairs, triads, foursomes), optionally with rotating roles
    PAIRS = "pairs"


class GroupFloor(StrEnum):
    """Whether each small group of a `pairs` phase has a floor of its own (rooms/floor/groups.py)."""

    #: no floor of its own: hands go to the main room's queue
    NONE = "none"
    #: each group has its own hand queue; when its speaker is done the first hand speaks next
    HANDS = "hands"
    #: as `hands`, and each group starts with its own talking-stick round, timed by the phase's
    #: `turn_seconds` (0: the phase's time shared equally in the group), `warning_seconds`, `grace_seconds`
    STICK = "stick"


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    """One step of the agenda; `prompts` are the reflection board's questions for it."""

    id: str
    title: str
    prompt: str = ""
    mode: PhaseMode = PhaseMode.OPEN
    planned_seconds: float = 300.0
    #: reflection cards written in this phase hide their author from everyone
    anonymous: bool = False
    prompts: list[str] = field(default_factory=list)
    #: move on by itself when the time is up (after the typing grace) or everyone is ready
    auto_advance: bool = True
    #: talking stick: the time box of one turn (0: the phase's time shared equally)
    turn_seconds: float = 0.0
    #: talking stick: warn the speaker this long before the turn's end
    warning_seconds: float = 15.0
    #: talking stick: let the speaker finish their sentence this long after the end
    grace_seconds: float = 5.0
    #: pairs: people per group (2 pairs, 3 triads, 4 reciprocal teaching)
    group_size: int = 0
    #: pairs: the roles inside a group, handed round every `rotate_seconds`
    roles: list[str] = field(default_factory=list)
    rotate_seconds: float = 0.0
    #: pairs: each group's own hand queue (`hands`) and talking stick (`stick`), or none (`none`)
    group_floor: GroupFloor = GroupFloor.NONE
