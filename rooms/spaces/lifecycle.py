"""Opening and closing spaces with a small-group phase: the hooks the agenda's flow calls.

The agenda (rooms/agenda/flow.py) forms its groups with `groups_for`, opens their spaces with
`open_spaces` when a `pairs` phase starts, closes them with `close_spaces` whenever that phase
ends (time up, skipped, reset, session ended), and does not move on while `holds_return` says the
groups are still finishing their sentences. This module imports nothing from flow, so flow may
import it.
"""

from __future__ import annotations

from rooms.agenda.groups import participants
from rooms.agenda.phase import Phase
from rooms.agenda.state import AgendaStatus
from rooms.base import Event
from rooms.spaces import events as e
from rooms.spaces.groups import reconcile
from rooms.spaces.state import Space
from rooms.state import RoomState


def groups_for(state: RoomState, phase: Phase) -> list[list[str]]:
    """The groups a small-group phase opens with: the facilitator's arrangement or formed by the server."""
    return reconcile(state.spaces.arranged, participants(state), max(2, phase.group_size))


def open_spaces(state: RoomState, phase: Phase, groups: list[list[str]], now: float) -> list[Event]:
    """One space per group, labelled Group 1, Group 2, ..."""
    if not groups:
        return []
    first = state.spaces.counter
    spaces = [Space(id=f"s{first + i + 1}", label=f"Group {i + 1}", members=list(g)) for i, g in enumerate(groups)]
    return [e.SpacesOpened(at=now, phase_id=phase.id, spaces=spaces)]


def close_spaces(state: RoomState, now: float) -> list[Event]:
    """Everyone back to the main room, each group's cards, board page and note brought with them."""
    sp = state.spaces
    if not sp.open:
        return []
    harvests = [
        e.HarvestBrought(
            space_id=s.id,
            label=s.label,
            phase_id=sp.phase_id,
            members=list(s.members),
            note=s.note,
            cards=[c for c in state.reflections.cards.values() if c.space == s.id],
            elements=[el for el in state.board.elements.values() if el.space == s.id],
        )
        for s in sp.open
    ]
    return [e.GroupsReturned(at=now, harvests=harvests)]


def holds_return(state: RoomState) -> bool:
    """True while groups are still out: the agenda waits for them before it moves on."""
    return bool(state.spaces.open)


def return_time(state: RoomState) -> float | None:
    """When everyone returns: a call-back's time, or the phase's time-up plus the grace (None while paused)."""
    sp = state.spaces
    if not sp.open:
        return None
    if sp.called_back_until is not None:
        return sp.called_back_until
    a = state.agenda
    if a.status is AgendaStatus.RUNNING and a.ends_at is not None:
        return a.ends_at + sp.grace
    if a.status is AgendaStatus.OVERTIME and a.time_up_at is not None:
        # Told at the time-up (the tick that ended the phase): keep the time they were told.
        told = sp.announced_return
        return told if told is not None and told >= a.time_up_at else a.time_up_at + sp.grace
    return None


def time_is_up(state: RoomState, now: float) -> bool:
    """The groups' time is over (their grace may still run)."""
    a = state.agenda
    if state.spaces.called_back_until is not None or a.status is AgendaStatus.OVERTIME:
        return True
    return a.status is AgendaStatus.RUNNING and a.ends_at is not None and now >= a.ends_at
