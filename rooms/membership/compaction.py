"""Which members who left the room are forgotten, so people who came and went do not weigh on it.

A room that people pass through (an observer link opened a thousand times) would otherwise carry
every one of them in each snapshot forever. A member who left is kept only while the room still
needs them by name: the facilitator role (it stays with its holder until handed off or claimed),
a co-facilitator, airtime in the record, or a card they wrote (the record names named authors; an
anonymous card keeps its author id on the card itself, so forgetting the member reveals nothing).
A forgotten member who comes back with their resume token joins afresh under the same id.
"""

from __future__ import annotations

from rooms.state import Member, Role, RoomState

KEPT_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR)


def still_needed(state: RoomState, member: Member) -> bool:
    """True when the room still refers to this member by id after they left."""
    if member.role in KEPT_ROLES:
        return True
    if member.id in state.floor.airtime:
        return True
    return any(card.author == member.id for card in state.reflections.cards.values())
