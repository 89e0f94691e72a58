"""Measured speech as each viewer sees it: the same audience as floor airtime.

The room's airtime setting (rooms/floor/visibility.py) decides: the facilitators by default, or
everyone. Hidden from a participant: every count in `SpeechMeasured` (they get the window only, so
their stream has no gap) and the measured part of the snapshot. Recording, who declined it and the
gaps in listening are for everyone: being recorded is never a facilitator's secret.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rooms.base import Event
from rooms.rules import Rules
from rooms.speech import events as e
from rooms.state import AirtimeAudience, RoomState
from rooms.viewer import Viewer

#: what a viewer who may not see airtime still gets of the speech state
PUBLIC_FIELDS = ("listener", "measured_until", "gaps", "overloaded", "recording_id", "recordings", "declined")

rules = Rules("speech.views", writes=frozenset({"speech"}))


@rules.event_view(e.SpeechMeasured)
def _speech_measured(ev: e.SpeechMeasured, viewer: Viewer) -> Event | dict[str, Any]:
    if ev.public or viewer.leads:
        return ev
    return {"at": ev.at, "start": ev.start, "end": ev.end, "phase_id": ev.phase_id, "public": False}


@rules.state_view("speech")
def speech_view(state: RoomState, viewer: Viewer) -> Any:
    sp = state.speech
    if viewer.leads or state.settings.airtime_visible_to is AirtimeAudience.EVERYONE:
        return sp
    return {f.name: getattr(sp, f.name) for f in dataclasses.fields(sp) if f.name in PUBLIC_FIELDS}
