"""The agenda's state machine as two tables: which event moves which status where, and which
commands each status accepts. Deciders check `COMMAND_STATUSES` (`require_status`), appliers take
their new status from `TRANSITIONS` (`next_status`), and docs/protocol.md prints both.
"""

from __future__ import annotations

from rooms.agenda import commands as c
from rooms.agenda import events as e
from rooms.agenda.state import AgendaStatus
from rooms.base import Command, Event
from rooms.errors import Code, ImpossibleEvent, Rejected
from rooms.state import RoomState

IDLE, RUNNING, PAUSED, OVERTIME, FINISHED = (
    AgendaStatus.IDLE,
    AgendaStatus.RUNNING,
    AgendaStatus.PAUSED,
    AgendaStatus.OVERTIME,
    AgendaStatus.FINISHED,
)
IN_PHASE = frozenset({RUNNING, PAUSED, OVERTIME})
STOPPED = frozenset({IDLE, FINISHED})

#: (status before, event) -> status after; an event that changes the status in no other pair is
#: impossible from that status (the applier raises ImpossibleEvent). SessionEnded (rooms.sessions)
#: stops any agenda in a phase: it goes from IN_PHASE to finished.
TRANSITIONS: dict[tuple[AgendaStatus, type[Event]], AgendaStatus] = {
    **{(s, e.AgendaLoaded): IDLE for s in STOPPED},
    **{(s, e.PhaseStarted): RUNNING for s in AgendaStatus},
    (RUNNING, e.PhaseTimeUp): OVERTIME,
    (OVERTIME, e.PhaseTimeUp): OVERTIME,  # the round completed after the time ran out
    (RUNNING, e.AgendaPaused): PAUSED,
    (OVERTIME, e.AgendaPaused): PAUSED,
    (PAUSED, e.AgendaResumed): RUNNING,
    (RUNNING, e.PhaseExtended): RUNNING,
    (OVERTIME, e.PhaseExtended): RUNNING,
    (PAUSED, e.PhaseExtended): PAUSED,
    **{(s, e.AgendaFinished): FINISHED for s in IN_PHASE},
    **{(s, e.AgendaReset): IDLE for s in IN_PHASE | {FINISHED}},
}

#: command -> (statuses it is accepted in, why it is refused in the others)
COMMAND_STATUSES: dict[type[Command], tuple[frozenset[AgendaStatus], str]] = {
    c.StartAgenda: (STOPPED, "the agenda is already running"),
    c.LoadTemplate: (STOPPED, "reset the agenda before loading another"),
    c.PauseAgenda: (frozenset({RUNNING, OVERTIME}), "only a running phase can be paused"),
    c.ResumeAgenda: (frozenset({PAUSED}), "the agenda is not paused"),
    c.ExtendPhase: (IN_PHASE, "the agenda is not running"),
    c.SkipPhase: (IN_PHASE, "the agenda is not running"),
    c.PreviousPhase: (IN_PHASE, "the agenda is not running"),
    c.MarkReady: (IN_PHASE, "the agenda is not running"),
}


def require_status(state: RoomState, command: Command) -> None:
    """Refuse `command` with `wrong_state` unless the agenda's status accepts it."""
    allowed, why = COMMAND_STATUSES[type(command)]
    if state.agenda.status not in allowed:
        raise Rejected(Code.WRONG_STATE, why)


def next_status(status: AgendaStatus, event: Event) -> AgendaStatus:
    """The status after `event`, or ImpossibleEvent when the table has no such move."""
    after = TRANSITIONS.get((status, type(event)))
    if after is None:
        raise ImpossibleEvent(f"{type(event).__name__} cannot happen while the agenda is {status.value}")
    return after
