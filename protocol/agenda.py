"""Commands about the agenda: running it, building it, ready and typing signals (rooms/agenda)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

Extension = Annotated[float, msgspec.Meta(ge=limit("phase_extension").least, le=limit("phase_extension").most)]
Duration = Annotated[float, msgspec.Meta(ge=0, le=limit("phase_seconds").most)]
Short = Annotated[str, msgspec.Meta(max_length=limit("phase_title").n)]
Listed = Annotated[list[Short], msgspec.Meta(max_length=limit("phase_lists").n)]
Prompt = Annotated[str, msgspec.Meta(max_length=limit("phase_prompt").n)]
GroupSize = Annotated[int, msgspec.Meta(ge=0, le=limit("group_size").n)]
Position = Annotated[int, msgspec.Meta(ge=-1, le=limit("phases").n)]


class StartAgenda(ClientCommand, frozen=True):
    """Start the first phase; from then on the server runs the clock (facilitators)."""

    example = {}


class PauseAgenda(ClientCommand, frozen=True):
    """Stop the clock; the phase (and the speaker's time box) keep their remaining seconds (facilitators)."""

    example = {}


class ResumeAgenda(ClientCommand, frozen=True):
    """Start the clock again with exactly the time that was left (facilitators)."""

    example = {}


class ExtendPhase(ClientCommand, frozen=True):
    """Add seconds to the current phase: 60, 300, or any amount; in overtime, counted from now (facilitators)."""

    seconds: Extension
    example = {"seconds": 300}


class SkipPhase(ClientCommand, frozen=True):
    """End the current phase now and start the next (facilitators).

    `phase_id`, the phase the facilitator is looking at, makes the command safe to repeat: if the
    agenda has already moved on (a double click, a retry after a lost answer), it is refused with
    `conflict` and nothing changes, so one click never skips two phases."""

    phase_id: Id | None = None
    example = {"phase_id": "p12"}


class PreviousPhase(ClientCommand, frozen=True):
    """Go back to the previous phase and start it afresh (facilitators). With `phase_id`, refused with
    `conflict` if the agenda is no longer on that phase (as for `skip_phase`)."""

    phase_id: Id | None = None
    example = {"phase_id": "p12"}


class ResetAgenda(ClientCommand, frozen=True):
    """Back to before the first phase; the phases stay (facilitators)."""

    example = {}


class MarkReady(ClientCommand, frozen=True):
    """ "I'm done" (or, with `ready: false`, not yet). When every participant is ready, the phase ends early."""

    ready: bool = True
    example = {"ready": True}


class MarkTyping(ClientCommand, frozen=True):
    """You are typing a reflection: send it every 2-3 seconds while typing. A phase whose time is up
    waits until nobody has sent it for 5 seconds, and at most 15 seconds."""

    example = {}


class LoadTemplate(ClientCommand, frozen=True):
    """Replace the agenda (not while it runs) with a built-in protocol by `name` (`check-in`, `aar`,
    `coaching-triad`, `reciprocal-teaching`, `t-group`, `1-2-4-all`) or with `toml` text in the
    format of rooms/agenda/templates/README.md (facilitators)."""

    name: Annotated[str, msgspec.Meta(max_length=limit("template_name").n)] = ""
    toml: Annotated[str, msgspec.Meta(max_length=limit("template_toml").n)] = ""
    example = {"name": "aar"}


class AddPhase(ClientCommand, frozen=True):
    """Add a phase to the agenda at `position` (-1: at the end) (facilitators). `prompts` are the
    reflection board's questions; `anonymous` hides card authors; pairs phases form groups of
    `group_size` whose `roles` rotate every `rotate_seconds`; `group_floor` gives each group its own
    hand queue (`hands`) or hand queue and talking-stick round (`stick`)."""

    title: Short
    prompt: Prompt = ""
    mode: Literal["open", "talking_stick", "silent_writing", "pairs"] = "open"
    seconds: Duration = 300.0
    anonymous: bool = False
    prompts: Listed = []
    auto_advance: bool = True
    turn_seconds: Duration = 0.0
    group_size: GroupSize = 0
    roles: Listed = []
    rotate_seconds: Duration = 0.0
    group_floor: Literal["none", "hands", "stick"] = "none"
    position: Position = -1
    example = {"title": "Retro", "mode": "silent_writing", "seconds": 420, "prompts": ["Start", "Stop", "Continue"]}


class UpdatePhase(ClientCommand, frozen=True):
    """Rewrite a phase that is not the current one, with the fields of `add_phase`; it keeps its
    id and place (facilitators)."""

    phase_id: Id
    title: Short
    prompt: Prompt = ""
    mode: Literal["open", "talking_stick", "silent_writing", "pairs"] = "open"
    seconds: Duration = 300.0
    anonymous: bool = False
    prompts: Listed = []
    auto_advance: bool = True
    turn_seconds: Duration = 0.0
    group_size: GroupSize = 0
    roles: Listed = []
    rotate_seconds: Duration = 0.0
    group_floor: Literal["none", "hands", "stick"] = "none"
    example = {"phase_id": "p12", "title": "Retro", "mode": "silent_writing", "seconds": 600}


class RemovePhase(ClientCommand, frozen=True):
    """Remove a phase that is not the current one (facilitators)."""

    phase_id: Id
    example = {"phase_id": "p12"}


class MovePhase(ClientCommand, frozen=True):
    """Move a phase to `position` (facilitators)."""

    phase_id: Id
    position: Position
    example = {"phase_id": "p12", "position": 0}
