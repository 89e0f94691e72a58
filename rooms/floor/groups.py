"""Each small group's own floor, when its phase asks for one (`group_floor` = `hands` or `stick`).

The same floor as the main room's (hands.py, turns.py), keyed by the group's space: raising a hand in
a group queues you in your group; the group's talking stick passes within the group on the group's
own timer; a facilitator visiting the group acts on its floor, and gives the floor in any group from
the overview (`give_floor` names the member). Without a facilitator a group runs its own queue:
when its floor is free, the first hand speaks (and the speaker hands on with `finish_turn`).

A group's floor follows its space: it opens with the space, members moved out take their hand and
turn with them (the stick skips them), members moved in join the group's round at its end, a
visiting facilitator who leaves takes theirs too, and when the groups return every group's round,
turn and hands end cleanly (`FloorClosed`) before the next phase begins.
"""

from __future__ import annotations

from rooms.agenda import current_phase
from rooms.agenda.phase import GroupFloor, Phase
from rooms.base import Event
from rooms.floor import events as e
from rooms.floor.hands import lower_for_departure
from rooms.floor.state import HandLoweredReason, RoundEndReason, StickOrder, TurnEndReason
from rooms.floor.turns import end_turn, group_turn, start_round, stop_round, turn_ended, turn_started
from rooms.floor.where import floor_of
from rooms.rules import Rules
from rooms.spaces import events as se
from rooms.state import RoomState

rules = Rules("floor.groups", writes=frozenset(("floor",)))


def asks_for_floors(phase: Phase | None) -> bool:
    """Whether the small groups of `phase` get floors of their own."""
    return phase is not None and phase.group_floor is not GroupFloor.NONE


def _open(state: RoomState, phase: Phase, key: str, members: list[str], now: float) -> list[Event]:
    """A group's floor opening, with its talking-stick round when the phase asks for one."""
    out: list[Event] = [e.FloorOpened(at=now, space=key)]
    order = [m for m in members if state.admitted(m) is not None]
    if phase.group_floor is GroupFloor.STICK and order:
        turn = phase.turn_seconds or max(5.0, phase.planned_seconds / len(order))
        warning = min(phase.warning_seconds, turn / 2)
        out.extend(
            start_round(state, now, "", order, StickOrder.ROOM, turn, warning, phase.grace_seconds, phase.id, key=key)
        )
    return out


@rules.reaction(se.SpacesOpened)
def floors_open_with_the_spaces(state: RoomState, ev: se.SpacesOpened) -> list[Event]:
    phase = current_phase(state)
    if phase is None or not asks_for_floors(phase):
        return []
    return [x for s in ev.spaces for x in _open(state, phase, s.id, list(s.members), ev.at)]


def _leave_floor(state: RoomState, key: str, leavers: list[str], now: float, by: str) -> list[Event]:
    """`leavers` left group `key`: their hands go down, the turn of one of them ends (the stick skips them)."""
    floor = floor_of(state, key)
    out: list[Event] = []
    for m in leavers:
        out.extend(lower_for_departure(state, key, m, now, HandLoweredReason.MOVED))
    turn = floor.speaker
    if turn is not None and turn.member_id in leavers:
        out.extend(end_turn(state, now, TurnEndReason.MOVED, by, set(leavers), key=key))
    return out


@rules.reaction(se.GroupsChanged)
def floors_follow_the_groups(state: RoomState, ev: se.GroupsChanged) -> list[Event]:
    phase = current_phase(state)
    if phase is None or not asks_for_floors(phase):
        return []
    out: list[Event] = []
    for key, members in ev.groups.items():
        space = state.spaces.space(key)
        if key not in state.floor.spaces:
            out.extend(_open(state, phase, key, list(members), ev.at))
            continue
        old = list(space.members) if space is not None else []
        leavers = [m for m in old if m not in members]
        joiners = [m for m in members if m not in old]
        changes = _leave_floor(state, key, leavers, ev.at, ev.by)
        out.extend(changes)
        stick = floor_of(state, key).stick
        if stick is None or any(isinstance(x, e.StickRoundEnded) for x in changes):
            continue
        # Someone moved in while the group's round runs: they speak at its end, not never.
        out.extend(e.StickRoundJoined(at=ev.at, member_id=m, space=key) for m in joiners if m not in stick.order)
    return out


@rules.reaction(se.VisitEnded)
def a_visitor_leaves_the_groups_floor(state: RoomState, ev: se.VisitEnded) -> list[Event]:
    if ev.space_id not in state.floor.spaces:
        return []
    return _leave_floor(state, ev.space_id, [ev.member_id], ev.at, ev.member_id)


@rules.reaction(e.HandRaised)
def a_free_group_floor_goes_to_the_first_hand(state: RoomState, ev: e.HandRaised) -> list[Event]:
    """In a group, a hand raised while nobody has the floor (and no round runs) takes it."""
    if not ev.space:
        return []
    floor = floor_of(state, ev.space)
    if floor.speaker is not None or floor.stick is not None:
        return []
    queue = floor.queue()
    queue.insert(ev.position, ev.member_id)
    first = queue[0]
    seconds, warning, grace = group_turn(state)
    return [
        e.HandLowered(at=ev.at, member_id=first, by=first, reason=HandLoweredReason.CALLED, space=ev.space),
        turn_started(state, first, ev.at, first, seconds, warning, grace, key=ev.space),
    ]


@rules.reaction(se.GroupsReturned)
def group_floors_end_with_the_return(state: RoomState, ev: se.GroupsReturned) -> list[Event]:
    out: list[Event] = []
    for key, floor in state.floor.spaces.items():
        out.extend(stop_round(state, ev.at, RoundEndReason.PHASE_ENDED, key))
        turn = floor.speaker
        if turn is not None and not (turn.stick and floor.stick is not None):
            out.append(turn_ended(state, turn, ev.at, TurnEndReason.ENDED, key))
        if floor.hands:
            out.append(e.HandsCleared(at=ev.at, by="", space=key))
        out.append(e.FloorClosed(at=ev.at, space=key))
    return out
