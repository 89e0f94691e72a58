"""The next session of a room: the group meets again with the same room.

What carries over is what the group committed to: open action items, shown at the next session's
start so it opens by checking them (the AAR habit of reviewing last time's actions first). Cards,
groups, votes and the board start empty; the agenda keeps its phases but starts from the top, and
the floor starts fresh (no hands, airtime from zero: each meeting's airtime is its own). Links
carry their session, so links of an earlier session no longer let anyone in (server/gateway.py
refuses them); facilitators get fresh links.
"""

from __future__ import annotations

from dataclasses import dataclass

from rooms.agenda.state import AgendaState
from rooms.base import Event
from rooms.board.state import BoardState
from rooms.chat.state import ChatState
from rooms.floor.state import FloorState
from rooms.reflections.state import ActionStatus, ReflectionsState
from rooms.rules import Rules
from rooms.screen.state import ScreenState
from rooms.sessions.commands import StartNextSession
from rooms.spaces.state import SpacesState
from rooms.state import RoomState

rules = Rules("sessions.rules")


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStarted(Event):
    """The room's next session began: clients clear the board, cards, groups, votes, hands and
    airtime, put the agenda back before its first phase, and keep the action items listed in
    `carried_over` (the open ones). Links of earlier sessions stop working."""

    session: int
    carried_over: list[str]


@rules.decider(StartNextSession)
def start_next_session(state: RoomState, cmd: StartNextSession, now: float) -> list[Event]:
    open_items = [i.id for i in state.reflections.action_items.values() if i.status is ActionStatus.OPEN]
    return [SessionStarted(at=now, session=state.session + 1, carried_over=open_items)]


@rules.applier(SessionStarted)
def session_started(state: RoomState, ev: SessionStarted) -> None:
    old = state.reflections
    fresh = ReflectionsState(counter=old.counter, carried_over=list(ev.carried_over))
    fresh.action_items = {i: old.action_items[i] for i in ev.carried_over if i in old.action_items}
    state.reflections = fresh
    state.board = BoardState()
    state.screen = ScreenState(policy=state.screen.policy)
    state.chat = ChatState(counter=state.chat.counter, in_record=state.chat.in_record)
    state.agenda = AgendaState(phases=list(state.agenda.phases), template=state.agenda.template)
    state.floor = FloorState(progressive=state.floor.progressive)
    # Harvests were this session's; the return timing is the room's, and space ids keep counting.
    sp = state.spaces
    state.spaces = SpacesState(counter=sp.counter, warnings=list(sp.warnings), grace=sp.grace)
    state.session = ev.session
    state.ended_at = None
