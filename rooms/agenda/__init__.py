"""The room's agenda: phases, the phase timer, ready flags, typing grace, rotating roles.

Other features ask `current_phase(state)` what the group is doing now (the reflection board reads
its columns from `Phase.prompts` and anonymity from `Phase.anonymous`).

Typing grace: a phase whose time is up waits (at most 15 s) while anyone is typing a reflection.
Clients send `MarkTyping` every 2-3 s while typing (each counts 5 s); a feature that sees typing
in its own commands adds `rooms.agenda.flow.typing_events(state, member_id, now)` to its events.

Its rules live in flow, editing and appliers, each listed in rooms/registry.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rooms.agenda.phase import Phase, PhaseMode

if TYPE_CHECKING:
    from rooms.state import RoomState

__all__ = ["Phase", "PhaseMode", "current_phase"]


def current_phase(state: RoomState) -> Phase | None:
    """The phase the room is in (running, paused or in overtime), or None before/after the agenda."""
    agenda = state.agenda
    if agenda.index < 0 or agenda.index >= len(agenda.phases) or agenda.finished:
        return None
    return agenda.phases[agenda.index]
