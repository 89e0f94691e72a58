"""Ending a session explicitly: the facilitator closes the meeting, and every client knows it.

A session often ends before its agenda does (the group's energy, the clock on the wall). Closing it
on purpose is the facilitator's act: the agenda stops where it is, the speaker's turn and any round
end, hands go down, and a final `SessionEnded` tells every client to show the record. The room stays
open for reading and for finishing the action items; nothing that restarts the meeting (the agenda,
the floor) is accepted until the facilitator opens the next session.
"""

from __future__ import annotations

from dataclasses import dataclass

from rooms.agenda import commands as a
from rooms.agenda.appliers import stop_agenda
from rooms.agenda.flow import leave_phase
from rooms.agenda.state import AgendaStatus, PhaseEndReason
from rooms.base import Command, Event
from rooms.errors import Code, Rejected
from rooms.floor import commands as f
from rooms.floor import events as fe
from rooms.floor.state import RoundEndReason, TurnEndReason
from rooms.floor.turns import stop_round, turn_ended
from rooms.rules import Rules
from rooms.sessions.commands import EndSession
from rooms.state import RoomState

rules = Rules("sessions.ending")

#: commands that would restart the meeting: refused once the session has ended
CLOSED_AFTER_END: tuple[type[Command], ...] = (
    a.StartAgenda,
    f.RaiseHand,
    f.CallNext,
    f.GiveFloor,
    f.StartStickRound,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionEnded(Event):
    """A facilitator (`by`) ended session `session`: the last event of it. Clients show that the
    session is over and link to the record (`GET /api/rooms/{room_id}/record`, for facilitators).
    Before it, in the same batch: the current phase's `PhaseEnded{reason: "session_ended"}`, the
    turn's `TurnEnded`, any `StickRoundEnded` and `HandsCleared`. Afterwards the agenda is
    `finished` with `index` on the phase it ended in, and the snapshot's `ended_at` is set."""

    session: int
    by: str


@rules.decider(EndSession)
def end_session(state: RoomState, cmd: EndSession, now: float) -> list[Event]:
    if state.ended_at is not None:
        raise Rejected(Code.WRONG_STATE, "this session has already ended")
    out: list[Event] = []
    running = state.agenda.status not in (AgendaStatus.IDLE, AgendaStatus.FINISHED)
    if running:
        out.extend(leave_phase(state, now, PhaseEndReason.SESSION_ENDED))
    elif state.floor.stick is not None:
        out.extend(stop_round(state, now, RoundEndReason.STOPPED))
    turn = state.floor.speaker
    if turn is not None and not (turn.stick and state.floor.stick is not None):
        out.append(turn_ended(state, turn, now, TurnEndReason.ENDED))
    if state.floor.hands:
        out.append(fe.HandsCleared(at=now, by=cmd.actor))
    out.append(SessionEnded(at=now, session=state.session, by=cmd.actor))
    return out


@rules.applier(SessionEnded)
def session_ended(state: RoomState, ev: SessionEnded) -> None:
    stop_agenda(state, ev.at)
    state.ended_at = ev.at


@rules.command_guard
def closed_after_end(state: RoomState, command: Command) -> None:
    if state.ended_at is not None and isinstance(command, CLOSED_AFTER_END):
        raise Rejected(Code.WRONG_STATE, "this session has ended; the facilitator can start the next one")
