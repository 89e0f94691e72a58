"""The record's parts that other features own: the agenda as it ran, and airtime.

They are read through the features' public functions (`rooms.agenda.current_phase`'s package for
the agenda, `rooms.floor.airtime_report` for airtime) when those exist; until a feature has landed
its section is simply "not recorded". Member ids never appear: people are shown by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from rooms.state import RoomState

Section = Callable[[RoomState, float], Any]

#: name -> that part of the record at a given time (None: nothing to show)
SECTIONS: dict[str, Section] = {}


def record_section(name: str) -> Callable[[Section], Section]:
    """Register a part of the record under `name`."""

    def register(fn: Section) -> Section:
        SECTIONS[name] = fn
        return fn

    return register


def _feature(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name, None)


@record_section("agenda")
def agenda_as_run(state: RoomState, now: float) -> list[dict[str, Any]] | None:
    """Each phase with its planned minutes and whether the group reached it, done or under way."""
    phases = getattr(state.agenda, "phases", None)
    if not phases:
        return None
    index = getattr(state.agenda, "index", -1)
    finished = bool(getattr(state.agenda, "finished", False))
    out = []
    for i, phase in enumerate(phases):
        # A finished agenda's index is past the last phase, unless the session was ended during one.
        if i < index:
            status = "done"
        elif i == index:
            status = "ended early" if finished else "under way"
        else:
            status = "not reached"
        out.append(
            {
                "phase": str(phase.title),
                "mode": str(getattr(phase, "mode", "")),
                "planned_minutes": round(float(getattr(phase, "planned_seconds", 0.0)) / 60, 1),
                "anonymous": bool(getattr(phase, "anonymous", False)),
                "status": status,
            }
        )
    return out


@record_section("airtime")
def airtime(state: RoomState, now: float) -> list[dict[str, Any]] | None:
    """Seconds each person held the floor, and their share against an equal share."""
    report_of = _feature("rooms.floor", "airtime_report")
    if report_of is None:
        return None
    report = report_of(state, now)
    if not report.total_seconds:
        return None
    return [
        {
            "name": m.name or "(someone who left)",
            "seconds": round(m.total_seconds),
            "share": round(m.share, 3),
            "equal_share": round(report.equal_share, 3),
        }
        for m in report.members
    ]


@record_section("chat")
def chat(state: RoomState, now: float) -> list[dict[str, Any]] | None:
    """The chat to everyone, in order, unless the room kept it out of the record. Words to the
    facilitators stay out (they were never the group's), and anonymous messages name nobody."""
    part = getattr(state, "chat", None)
    if part is None or not part.in_record:
        return None
    names = {m.id: m.name for m in state.members.values()}
    rows = [
        {
            "sent_at": m.sent_at,
            "author": None if m.anonymous else names.get(m.author, "(someone who left)"),
            "text": m.text,
        }
        for m in part.messages.values()
        if m.to.value == "everyone"
    ]
    return rows or None
