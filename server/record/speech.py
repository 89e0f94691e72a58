"""The record's measured speech and recordings: per person and per phase, by name, never by id.

What the listener heard (rooms/speech): speaking seconds, contributions and share against an equal
share, overlaps and who interrupted whom, the longest silence, the gaps nobody was listening, and
each recording with its tracks' lengths (a track deleted after the retention is marked so).
"""

from __future__ import annotations

from typing import Any

from rooms.speech.figures import not_spoken_yet, shares
from rooms.state import RoomState
from server.record.sections import record_section

OUTSIDE = "(outside the agenda)"


def _names(state: RoomState) -> dict[str, str]:
    return {m.id: m.name or "(someone who left)" for m in state.members.values()}


@record_section("measured_speech")
def measured_speech(state: RoomState, now: float) -> dict[str, Any] | None:
    """How long each person actually spoke (the listener's measurement), in total and per phase."""
    sp = state.speech
    if sp.measured_until is None:
        return None
    names = _names(state)
    silent = set(not_spoken_yet(state))
    interrupted: dict[str, int] = {}
    for by_of in sp.interruptions.values():
        for of, n in by_of.items():
            interrupted[of] = interrupted.get(of, 0) + n
    people = [
        {
            "name": names.get(s.member_id, "(someone who left)"),
            "seconds": round(s.seconds, 1),
            "contributions": s.contributions,
            "share": round(s.share, 3),
            "equal_share": round(s.equal_share, 3),
            "overlap_seconds": round(sp.tallies[s.member_id].overlap_seconds, 1) if s.member_id in sp.tallies else 0.0,
            "interrupted_others": sum(sp.interruptions.get(s.member_id, {}).values()),
            "was_interrupted": interrupted.get(s.member_id, 0),
            "has_not_spoken": s.member_id in silent,
        }
        for s in shares(state)
    ]
    titles = {p.id: p.title for p in state.agenda.phases}
    phases = []
    for phase_id, figures in sp.phases.items():
        phases.append(
            {
                "phase": titles.get(phase_id, OUTSIDE) if phase_id else OUTSIDE,
                "overlaps": figures.overlaps,
                "overlap_seconds": round(figures.overlap_seconds, 1),
                "interruptions": figures.interruptions,
                "longest_silence": round(figures.longest_silence, 1),
                "people": [
                    {
                        "name": names.get(m, "(someone who left)"),
                        "seconds": round(t.by_phase.get(phase_id, 0.0), 1),
                        "contributions": t.contributions_by_phase.get(phase_id, 0),
                    }
                    for m, t in sp.tallies.items()
                    if t.by_phase.get(phase_id)
                ],
            }
        )
    return {
        "people": people,
        "phases": phases,
        "overlaps": sp.overlaps,
        "overlap_seconds": round(sp.overlap_seconds, 1),
        "interruptions": [
            {"by": names.get(by, "?"), "of": names.get(of, "?"), "times": n}
            for by, row in sp.interruptions.items()
            for of, n in row.items()
        ],
        "longest_silence": round(sp.longest_silence, 1),
        "not_listening": [{"from": g.start, "to": g.end, "seconds": round(g.end - g.start, 1)} for g in sp.gaps],
        "unanalysed_seconds": round(sp.unanalysed_seconds, 1),
    }


@record_section("recordings")
def recordings(state: RoomState, now: float) -> list[dict[str, Any]] | None:
    """Each announced recording: who started it, when, and each consenting member's track; a track
    the retention removed has `deleted_at` (when), a track still on disk has None."""
    if not state.speech.recordings:
        return None
    names = _names(state)
    return [
        {
            "id": rec.id,
            "started_by": rec.started_by_name,
            "started_at": rec.started_at,
            "stopped_at": rec.stopped_at,
            "tracks": [
                {"name": names.get(f.member_id, "?"), "file": f.name, "seconds": round(f.seconds, 1)}
                | {"deleted_at": f.deleted_at}
                for f in rec.files
            ],
            "declined": [names.get(m, "?") for m in state.speech.declined],
        }
        for rec in state.speech.recordings
    ]
