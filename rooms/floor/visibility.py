"""Who sees airtime during the session: the facilitators (default) or everyone.

The issue's facilitator "sees airtime live" to notice who dominates and who has not spoken; shown to
the whole group the same numbers can shame the quiet and make the talkative defensive, so the default
keeps them on the facilitators' panel. Some groups choose on purpose to see them all, to regulate
their own talk time (a practice of self-managing teams); a facilitator switches it any time. The
session record keeps airtime either way: facilitators export it (server/record/http.py).
"""

from __future__ import annotations

from dataclasses import replace

from rooms.base import Event
from rooms.floor import commands as c
from rooms.floor import events as e
from rooms.rules import Rules
from rooms.state import AirtimeAudience, RoomState

rules = Rules("floor.visibility", writes=frozenset(("floor", "settings")))


@rules.decider(c.SetAirtimeVisibility)
def set_airtime_visibility(state: RoomState, cmd: c.SetAirtimeVisibility, now: float) -> list[Event]:
    if state.settings.airtime_visible_to is cmd.visible_to:
        return []
    opening = cmd.visible_to is AirtimeAudience.EVERYONE
    banked = {m: dict(p) for m, p in state.floor.airtime.items()} if opening else {}
    return [e.AirtimeVisibilitySet(at=now, visible_to=cmd.visible_to, by=cmd.actor, airtime=banked)]


@rules.applier(e.AirtimeVisibilitySet)
def airtime_visibility_set(state: RoomState, ev: e.AirtimeVisibilitySet) -> None:
    # A new settings object: the old one may be the very one carried by RoomCreated in the log.
    state.settings = replace(state.settings, airtime_visible_to=ev.visible_to)
