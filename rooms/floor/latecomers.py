"""Latecomers and talking-stick rounds: whoever arrives while a round runs speaks last, not never.

Circle practice gives everyone in the circle a turn; someone who comes in late (joins, is admitted
from the lobby, or is made a speaker) is welcomed into the circle, so they go to the end of the
remaining order. Observers watch and never take a turn; facilitators join only a round that
includes facilitators. Someone already in the order (back after a dropped connection, or who left
and returned) keeps their place, or their finished turn.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.floor import events as e
from rooms.rules import Rules
from rooms.state import Role, RoomState

rules = Rules("floor.latecomers", writes=frozenset(("floor",)))


@rules.arrival_rule
def join_running_round(state: RoomState, member_id: str, role: Role, now: float) -> list[Event]:
    stick = state.floor.stick
    if stick is None or member_id in stick.order or role is Role.OBSERVER:
        return []
    if role is not Role.PARTICIPANT and not stick.include_facilitators:
        return []
    # The stick is always held while a round runs (it completes when nobody is left), so the
    # latecomer only waits for their place.
    return [e.StickRoundJoined(at=now, member_id=member_id)]
