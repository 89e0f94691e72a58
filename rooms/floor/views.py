"""The floor as each viewer sees it: airtime only where the room shows it (rooms/floor/visibility.py).

Hidden from a viewer: the snapshot's `floor.airtime` (sent as `{}`) and `TurnEnded.seconds` (left
out). The running turn stays visible (`speaker`, its `since` and `held`): everyone hears who speaks
and for how long; what is kept to the facilitators is the tally across turns. `TurnEnded` carries
the room's choice at the time it happened, so a replay to a reconnecting client matches the live room.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rooms.base import Event
from rooms.floor import events as e
from rooms.rules import Rules
from rooms.state import AirtimeAudience, RoomState
from rooms.viewer import Viewer

rules = Rules("floor.views", writes=frozenset(()))


@rules.event_view(e.TurnEnded)
def _turn_ended(ev: e.TurnEnded, viewer: Viewer) -> Event | dict[str, Any]:
    if ev.airtime_public or viewer.leads:
        return ev
    return {"at": ev.at, "member_id": ev.member_id, "reason": ev.reason.value, "airtime_public": False}


@rules.state_view("floor")
def floor_view(state: RoomState, viewer: Viewer) -> Any:
    floor = state.floor
    if viewer.leads or state.settings.airtime_visible_to is AirtimeAudience.EVERYONE:
        return floor
    out = {f.name: getattr(floor, f.name) for f in dataclasses.fields(floor)}
    out["airtime"] = {}
    return out
