"""What the current phase asks of reflections: its prompts, and whether cards are anonymous or hidden.

The agenda (rooms.agenda, another feature) owns phases; `current_phase(state)` returns the running
one, whose `prompts`/`prompt` and `anonymous` are the defaults here. The facilitator may override
them for the phase in progress (ReflectionOverride). Until the agenda feature provides
`current_phase`, there is no phase and only the override (or the defaults below) apply.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from rooms.state import RoomState


@dataclass(frozen=True, slots=True)
class ReflectionMode:
    """The settings a newly written card gets."""

    phase_id: str | None
    prompts: tuple[str, ...]
    anonymous: bool
    hidden: bool


def current_phase(state: RoomState) -> Any:
    """The agenda's running phase, or None (also when the agenda feature is not there)."""
    agenda = importlib.import_module("rooms.agenda")
    find = getattr(agenda, "current_phase", None)
    return None if find is None else find(state)


def current_mode(state: RoomState) -> ReflectionMode:
    """The prompts, anonymity and hiding in force now: the facilitator's override, else the phase's."""
    phase = current_phase(state)
    phase_id: str | None = None if phase is None else str(phase.id)
    prompts: tuple[str, ...] = ()
    anonymous = False
    if phase is not None:
        listed = [str(p) for p in (getattr(phase, "prompts", None) or [])]
        single = str(getattr(phase, "prompt", "") or "")
        prompts = tuple(listed or ([single] if single else []))
        anonymous = bool(getattr(phase, "anonymous", False))
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
