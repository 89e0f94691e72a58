"""The floor as each viewer sees it: airtime only where the room shows it (rooms/floor/visibility.py),
and a small group's own floor (rooms/floor/groups.py) only to its members, its visitors and the
facilitators: its events carry `space` and reach only viewers who see that space.

Hidden from a viewer: the snapshot's `floor.airtime` (sent as `{}`) and `TurnEnded.seconds` (left
out). The running turn stays visible (`speaker`, its `since` and `held`): everyone hears who speaks
and for how long; what is kept to the facilitators is the tally across turns. `TurnEnded` carries
the room's choice at the time it happened, so a replay to a reconnecting client matches the live room.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from rooms.floor import events as e
from rooms.floor.state import FloorState, TurnEndReason
from rooms.rules import Rules
from rooms.state import AirtimeAudience, RoomState
from rooms.viewer import Viewer

rules = Rules("floor.views", writes=frozenset(()))


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnEndedView:
    """TurnEnded without its `seconds`, for a viewer the room does not show airtime to."""

    at: float
    member_id: str
    reason: TurnEndReason
    airtime_public: bool
    space: str = ""


#: the floor's events: each happens on one floor, the main room's or a small group's (`space`)
FloorEvent = (
    e.HandRaised
    | e.HandLowered
    | e.HandsCleared
    | e.HandsReordered
    | e.TurnStarted
    | e.TurnWarned
    | e.TurnTimeUp
    | e.TurnExtended
    | e.TurnEnded
    | e.StickPassed
    | e.StickRoundStarted
    | e.StickRoundJoined
    | e.StickRoundEnded
    | e.FloorOpened
    | e.FloorClosed
)
FLOOR_EVENTS: tuple[type[FloorEvent], ...] = (
    e.HandRaised,
    e.HandLowered,
    e.HandsCleared,
    e.HandsReordered,
    e.TurnStarted,
    e.TurnWarned,
    e.TurnTimeUp,
    e.TurnExtended,
    e.TurnEnded,
    e.StickPassed,
    e.StickRoundStarted,
    e.StickRoundJoined,
    e.StickRoundEnded,
    e.FloorOpened,
    e.FloorClosed,
)


def _space(ev: FloorEvent) -> str:
    return ev.space


for _kind in FLOOR_EVENTS:
    rules.event_space(_kind)(_space)


@rules.event_view(e.TurnEnded)
def _turn_ended(ev: e.TurnEnded, viewer: Viewer) -> e.TurnEnded | TurnEndedView:
    if ev.airtime_public or viewer.leads:
        return ev
    return TurnEndedView(at=ev.at, member_id=ev.member_id, reason=ev.reason, airtime_public=False, space=ev.space)


@rules.state_view("floor")
def floor_view(state: RoomState, viewer: Viewer) -> FloorState:
    floor = state.floor
    spaces = {key: f for key, f in floor.spaces.items() if viewer.sees(key)}
    if viewer.leads or state.settings.airtime_visible_to is AirtimeAudience.EVERYONE:
        return floor if len(spaces) == len(floor.spaces) else dataclasses.replace(floor, spaces=spaces)
    return dataclasses.replace(floor, airtime={}, spaces=spaces)
