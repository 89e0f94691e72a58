"""The listener's reports enter the room: measured speech, gaps, and the listener's load.

A window from a new listener (its node took the room over) starts afresh and reports the gap
since the previous listener's last window; a window that overlaps what is already measured (a late
report from a listener that lost the room) is refused and changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from rooms.agenda import current_phase
from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.rules import Rules
from rooms.speech import commands as c
from rooms.speech import events as e
from rooms.speech.groups import group_of
from rooms.speech.measure import EPSILON, measure
from rooms.speech.state import ListeningGap, OpenUtterance, PhaseSpeech, SpeakerTally
from rooms.state import AirtimeAudience, RoomState

#: a jump between two windows longer than this, with a new listener, is reported as a gap
GAP_TOLERANCE = 1.5

rules = Rules("speech.rules", writes=frozenset({"speech"}))


@rules.decider(c.MeasureSpeech)
def measure_speech(state: RoomState, cmd: c.MeasureSpeech, now: float) -> list[Event]:
    sp = state.speech
    if sp.measured_until is not None and cmd.start < sp.measured_until - EPSILON:
        raise Rejected(Code.CONFLICT, "this window overlaps time already measured")
    out: list[Event] = []
    new_listener = cmd.listener != sp.listener
    # The same listener jumping ahead heard nobody in between (no member was sending): no gap, but
    # nothing carries over either (a silence across it would be an empty room, not a quiet group).
    jumped = sp.measured_until is not None and cmd.start - sp.measured_until > GAP_TOLERANCE
    if new_listener:
        gap = sp.measured_until if jumped and sp.listener else None
        out.append(e.ListenerStarted(at=cmd.start, listener=cmd.listener, gap_start=gap))
    phase = current_phase(state)
    measured = measure(sp, cmd, phase.id if phase else "", lambda m: group_of(state, m), new_listener or jumped)
    public = state.settings.airtime_visible_to is AirtimeAudience.EVERYONE
    out.append(replace(measured, public=public) if public else measured)
    return out


@rules.decider(c.ReportListenerLoad)
def report_listener_load(state: RoomState, cmd: c.ReportListenerLoad, now: float) -> list[Event]:
    if cmd.overloaded is state.speech.overloaded:
        return []
    return [e.ListenerLoadChanged(at=now, listener=cmd.listener, overloaded=cmd.overloaded)]


@rules.applier(e.ListenerStarted)
def listener_started(state: RoomState, ev: e.ListenerStarted) -> None:
    sp = state.speech
    if ev.gap_start is not None:
        sp.gaps.append(ListeningGap(start=ev.gap_start, end=ev.at, listener=ev.listener))
    sp.listener = ev.listener
    sp.open = {}
    sp.overlapping = []
    sp.silence_since = None
    sp.phase_silence_since = None
    sp.overloaded = False


@rules.applier(e.SpeechMeasured)
def speech_measured(state: RoomState, ev: e.SpeechMeasured) -> None:
    sp = state.speech
    for member_id, delta in ev.speakers.items():
        tally = sp.tallies.setdefault(member_id, SpeakerTally())
        tally.seconds += delta.seconds
        tally.contributions += delta.contributions
        tally.overlap_seconds += delta.overlap_seconds
        tally.by_phase[ev.phase_id] = tally.by_phase.get(ev.phase_id, 0.0) + delta.seconds
        if delta.contributions:
            by = tally.contributions_by_phase
            by[ev.phase_id] = by.get(ev.phase_id, 0) + delta.contributions
        if tally.first_spoke_at is None and delta.seconds > 0:
            tally.first_spoke_at = ev.start
    phase = sp.phases.setdefault(ev.phase_id, PhaseSpeech())
    phase.overlaps += ev.overlaps
    phase.overlap_seconds += ev.overlap_seconds
    phase.longest_silence = max(phase.longest_silence, ev.phase_longest_silence)
    phase.interruptions += len(ev.interruptions)
    sp.overlaps += ev.overlaps
    sp.overlap_seconds += ev.overlap_seconds
    sp.overlapping = list(ev.overlapping)
    for i in ev.interruptions:
        row = sp.interruptions.setdefault(i.by, {})
        row[i.of] = row.get(i.of, 0) + 1
    sp.open = {o.member_id: OpenUtterance(start=o.start, counted_until=o.counted_until) for o in ev.ongoing}
    sp.silence_since = ev.silence_since
    sp.longest_silence = max(sp.longest_silence, ev.longest_silence)
    sp.phase_id = ev.phase_id
    sp.phase_silence_since = ev.phase_silence_since
    sp.unanalysed_seconds += ev.unanalysed
    sp.measured_until = ev.end


@rules.applier(e.ListenerLoadChanged)
def listener_load_changed(state: RoomState, ev: e.ListenerLoadChanged) -> None:
    state.speech.overloaded = ev.overloaded
