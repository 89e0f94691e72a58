"""The room's floor: the hand queue, who speaks, the talking stick, and airtime.

`airtime_report(state, now)` is what the facilitator's panel and the session record show.
Importing this package does not register rules: rooms/__init__.py imports rooms.floor.turns.
"""

from __future__ import annotations

from rooms.floor.airtime import AirtimeReport, MemberAirtime, airtime_report

__all__ = ["AirtimeReport", "MemberAirtime", "airtime_report"]
