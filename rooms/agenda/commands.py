"""Commands about the agenda: running it, building it, and members' ready and typing signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from rooms.agenda.phase import GroupFloor, PhaseMode
from rooms.base import Command


@dataclass(frozen=True, slots=True, kw_only=True)
class StartAgenda(Command):
    """Start the first phase (from the beginning, or again after the agenda finished)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseAgenda(Command):
    """Stop the clock: the phase and the speaker's time box keep their remaining seconds."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeAgenda(Command):
    """Start the clock again with exactly the time that was left."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendPhase(Command):
    """Give the current phase more time (+60, +300, or any number of seconds)."""

    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SkipPhase(Command):
    """End the current phase now and start the next; with `phase_id`, only if that phase is current."""

    phase_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviousPhase(Command):
    """Go back to the previous phase and start it afresh; with `phase_id`, only if that phase is current."""

    phase_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetAgenda(Command):
    """Back to before the first phase; the phases stay."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkReady(Command):
    """Say "I'm done" (or take it back); when everyone is ready the phase ends early."""

    ready: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkTyping(Command):
    """Say you are typing a reflection; the phase change waits a short grace for you."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadTemplate(Command):
    """Replace the agenda with a built-in protocol (`name`) or one written in TOML (`toml`)."""

    name: str = ""
    toml: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AddPhase(Command):
    """Add a phase to the agenda at `position` (-1: at the end)."""

    title: str
    prompt: str = ""
    mode: PhaseMode = PhaseMode.OPEN
    seconds: float = 300.0
    anonymous: bool = False
    prompts: list[str] = field(default_factory=list)
    auto_advance: bool = True
    turn_seconds: float = 0.0
    group_size: int = 0
    roles: list[str] = field(default_factory=list)
    rotate_seconds: float = 0.0
    group_floor: GroupFloor = GroupFloor.NONE
    position: int = -1


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdatePhase(Command):
    """Rewrite a phase that is not the current one; it keeps its id and place."""

    phase_id: str
    title: str
    prompt: str = ""
    mode: PhaseMode = PhaseMode.OPEN
    seconds: float = 300.0
    anonymous: bool = False
    prompts: list[str] = field(default_factory=list)
    auto_advance: bool = True
    turn_seconds: float = 0.0
    group_size: int = 0
    roles: list[str] = field(default_factory=list)
    rotate_seconds: float = 0.0
    group_floor: GroupFloor = GroupFloor.NONE


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovePhase(Command):
    """Remove a phase that is not the current one."""

    phase_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MovePhase(Command):
    """Move a phase to `position` in the agenda."""

    phase_id: str
    position: int
