"""The room's floor: the hand queue, who speaks, the talking stick, and airtime.

`airtime_report(state, now)` is what the facilitator's panel and the session record show.
Its rules live in hands, turns, appliers, latecomers, visibility and views, listed in rooms/registry.py.
"""

from __future__ import annotations

from rooms.floor.airtime import AirtimeReport, MemberAirtime, airtime_report

__all__ = ["AirtimeReport", "MemberAirtime", "airtime_report"]
