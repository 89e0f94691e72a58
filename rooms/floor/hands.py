"""The hand queue: raise, lower, reorder, clear, and the progressive stack.

One server order: each `HandRaised` says where the hand goes, so every client shows the same
queue. The progressive stack (a practice from consensus-based meetings, where those who have
spoken least go first) puts a new hand behind everyone who has spoken no more than its owner.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.errors import Code, ImpossibleEvent, Rejected
from rooms.floor import commands as c
from rooms.floor import events as e
from rooms.floor.airtime import spoken_seconds
from rooms.floor.state import Floor, Hand, HandLoweredReason
from rooms.floor.where import floor_key, floor_of, floors
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("floor.hands", writes=frozenset(("floor",)))


def _position(state: RoomState, floor: Floor, member_id: str, now: float) -> int:
    hands = floor.hands
    if not state.floor.progressive:
        return len(hands)
    mine = spoken_seconds(state, member_id, now)
    for i, hand in enumerate(hands):
        if spoken_seconds(state, hand.member_id, now) > mine:
            return i
    return len(hands)


def progressive_order(state: RoomState, floor: Floor, now: float) -> list[str]:
    """The floor's queue sorted by least spoken in this session, then by arrival."""
    hands = sorted(floor.hands, key=lambda h: (spoken_seconds(state, h.member_id, now), h.raised_at))
    return [h.member_id for h in hands]


def hand_raised_event(state: RoomState, key: str, member_id: str, now: float) -> e.HandRaised:
    """`member_id`'s hand going up on floor `key`, at the place the queue's order gives it."""
    position = _position(state, floor_of(state, key), member_id, now)
    return e.HandRaised(at=now, member_id=member_id, position=position, space=key)


@rules.decider(c.RaiseHand)
def raise_hand(state: RoomState, cmd: c.RaiseHand, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    if cmd.actor in floor_of(state, key).queue():
        return []
    return [hand_raised_event(state, key, cmd.actor, now)]


@rules.decider(c.LowerHand)
def lower_hand(state: RoomState, cmd: c.LowerHand, now: float) -> list[Event]:
    return [
        e.HandLowered(at=now, member_id=cmd.actor, by=cmd.actor, reason=HandLoweredReason.LOWERED, space=key)
        for key, floor in floors(state)
        if cmd.actor in floor.queue()
    ]


@rules.decider(c.LowerHandOf)
def lower_hand_of(state: RoomState, cmd: c.LowerHandOf, now: float) -> list[Event]:
    keys = [key for key, floor in floors(state) if cmd.target in floor.queue()]
    if not keys:
        raise Rejected(Code.NOT_FOUND, "that hand is not raised")
    reason = HandLoweredReason.BY_FACILITATOR
    return [e.HandLowered(at=now, member_id=cmd.target, by=cmd.actor, reason=reason, space=key) for key in keys]


@rules.decider(c.LowerAllHands)
def lower_all(state: RoomState, cmd: c.LowerAllHands, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    return [e.HandsCleared(at=now, by=cmd.actor, space=key)] if floor_of(state, key).hands else []


@rules.decider(c.ReorderHands)
def reorder(state: RoomState, cmd: c.ReorderHands, now: float) -> list[Event]:
    key = floor_key(state, cmd.actor)
    queue = floor_of(state, key).queue()
    if sorted(cmd.order) != sorted(queue) or len(set(cmd.order)) != len(cmd.order):
        # Someone raised or lowered a hand meanwhile: refuse rather than guess.
        raise Rejected(Code.CONFLICT, "the queue changed; reorder the current queue")
    if cmd.order == queue:
        return []
    return [e.HandsReordered(at=now, order=list(cmd.order), by=cmd.actor, space=key)]


@rules.decider(c.SetProgressiveStack)
def set_progressive(state: RoomState, cmd: c.SetProgressiveStack, now: float) -> list[Event]:
    if cmd.on == state.floor.progressive:
        return []
    out: list[Event] = [e.ProgressiveStackSet(at=now, on=cmd.on, by=cmd.actor)]
    if cmd.on:
        for key, floor in floors(state):
            order = progressive_order(state, floor, now)
            if order != floor.queue():
                out.append(e.HandsReordered(at=now, order=order, by=cmd.actor, space=key))
    return out


def lower_for_departure(
    state: RoomState, key: str, member_id: str, now: float, reason: HandLoweredReason = HandLoweredReason.LEFT
) -> list[Event]:
    """A member who leaves (the room, or floor `key`'s group) takes their hand down with them."""
    if member_id in floor_of(state, key).queue():
        return [e.HandLowered(at=now, member_id=member_id, by=member_id, reason=reason, space=key)]
    return []


@rules.applier(e.HandRaised)
def hand_raised(state: RoomState, ev: e.HandRaised) -> None:
    floor = floor_of(state, ev.space)
    if any(h.member_id == ev.member_id for h in floor.hands):
        raise ImpossibleEvent(f"{ev.member_id!r} raised a hand already up")
    floor.hands.insert(ev.position, Hand(member_id=ev.member_id, raised_at=ev.at))


@rules.applier(e.HandLowered)
def hand_lowered(state: RoomState, ev: e.HandLowered) -> None:
    floor = floor_of(state, ev.space)
    if all(h.member_id != ev.member_id for h in floor.hands):
        raise ImpossibleEvent(f"{ev.member_id!r} lowered a hand that is not up")
    floor.hands = [h for h in floor.hands if h.member_id != ev.member_id]


@rules.applier(e.HandsCleared)
def hands_cleared(state: RoomState, ev: e.HandsCleared) -> None:
    floor_of(state, ev.space).hands = []


@rules.applier(e.HandsReordered)
def hands_reordered(state: RoomState, ev: e.HandsReordered) -> None:
    floor = floor_of(state, ev.space)
    by_id = {h.member_id: h for h in floor.hands}
    floor.hands = [by_id[m] for m in ev.order]


@rules.applier(e.ProgressiveStackSet)
def progressive_set(state: RoomState, ev: e.ProgressiveStackSet) -> None:
    state.floor.progressive = ev.on
