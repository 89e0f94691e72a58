"""What the current phase asks of reflections: its prompts, and whether cards are anonymous or hidden.

The agenda (rooms.agenda) owns phases; `current_phase(state)` returns the running one, whose
`prompts`/`prompt` and `anonymous` are the defaults here. The facilitator may override them for
the phase in progress (ReflectionOverride).
"""

from __future__ import annotations

from dataclasses import dataclass

from rooms.agenda import current_phase
from rooms.state import RoomState


@dataclass(frozen=True, slots=True)
class ReflectionMode:
    """The settings a newly written card gets."""

    phase_id: str | None
    prompts: tuple[str, ...]
    anonymous: bool
    hidden: bool


def current_mode(state: RoomState) -> ReflectionMode:
    """The prompts, anonymity and hiding in force now: the facilitator's override, else the phase's."""
    phase = current_phase(state)
    phase_id: str | None = None if phase is None else phase.id
    prompts: tuple[str, ...] = ()
    anonymous = False
    if phase is not None:
        prompts = tuple(phase.prompts or ([phase.prompt] if phase.prompt else []))
        anonymous = phase.anonymous
    hidden = False
    o = state.reflections.override
    if o.phase_id == phase_id:
        if o.prompts is not None:
            prompts = tuple(o.prompts)
        if o.anonymous is not None:
            anonymous = o.anonymous
        if o.hidden is not None:
            hidden = o.hidden
    return ReflectionMode(phase_id, prompts, anonymous, hidden)
