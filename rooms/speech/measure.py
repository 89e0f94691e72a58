"""One listener window turned into counts: a sweep over everyone's utterances in time order.

Overlap (two or more speaking at once) and interruption (starting to speak while someone else in
the same group is speaking) are the measures of conversational turn-taking used in meeting research
(Shriberg et al., "Observations on overlap", ICSI meeting corpus); a pause of a few hundred
milliseconds inside an utterance is already bridged by the listener's detector, so it is not an
episode here. Silence is room-wide: nobody anywhere speaking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rooms.errors import Code, Rejected
from rooms.speech.commands import MeasureSpeech
from rooms.speech.events import Interruption, Ongoing, SpeakerDelta, SpeechMeasured
from rooms.speech.state import SpeechState

#: clocks of the listener and the writer are the same node's, but frames arrive with jitter
EPSILON = 0.05
#: the longest window a listener may report at once
MAX_WINDOW = 60.0
#: how far before its window an utterance heard late may start
LATE_LIMIT = 10.0


@dataclass(slots=True)
class _Span:
    member_id: str
    start: float
    end: float
    new: bool


def _spans(speech: SpeechState, cmd: MeasureSpeech, fresh: bool) -> list[_Span]:
    if not cmd.start <= cmd.end <= cmd.start + MAX_WINDOW:
        raise Rejected(Code.BAD_VALUE, f"a window runs forward and lasts at most {MAX_WINDOW:g} s")
    spans: list[_Span] = []
    for seg in cmd.segments:
        if not seg.start <= seg.end <= cmd.end + EPSILON:
            raise Rejected(Code.BAD_VALUE, "a segment must end after it starts and within its window")
        known = None if fresh else speech.open.get(seg.member_id)
        if known is not None and abs(known.start - seg.start) <= 1e-6:
            start, new = known.counted_until, False
        else:
            # An utterance whose first frames arrived after the last window was sent (network or CPU
            # lag) still counts whole, up to LATE_LIMIT back: its seconds matter more than the silence
            # the last window reported meanwhile.
            start, new = max(seg.start, cmd.start - LATE_LIMIT), True
        end = min(seg.end, cmd.end)
        if end < start or (end == start and not new):
            continue
        spans.append(_Span(seg.member_id, start, end, new))
    spans.sort(key=lambda s: (s.member_id, s.start))
    merged: list[_Span] = []
    for s in spans:  # one member's overlapping reports are one stretch of voice
        last = merged[-1] if merged else None
        if last is not None and last.member_id == s.member_id and s.start <= last.end:
            last.end = max(last.end, s.end)
        else:
            merged.append(s)
    return merged


def measure(
    speech: SpeechState,
    cmd: MeasureSpeech,
    phase_id: str,
    group_of: Callable[[str], str],
    fresh: bool,
) -> SpeechMeasured:
    """Count what `cmd` heard; `fresh`: a new listener, so nothing carries over from before."""
    spans = _spans(speech, cmd, fresh)
    seconds: dict[str, float] = {}
    contributions: dict[str, int] = {}
    overlap_each: dict[str, float] = {}
    for s in spans:
        seconds[s.member_id] = seconds.get(s.member_id, 0.0) + (s.end - s.start)
        contributions[s.member_id] = contributions.get(s.member_id, 0) + (1 if s.new else 0)

    # Points in time order; at the same instant an end comes before a start (no overlap at a handover).
    points = sorted(
        [(s.start, 1, i) for i, s in enumerate(spans)] + [(s.end, 0, i) for i, s in enumerate(spans)],
    )
    carried = set() if fresh else set(speech.overlapping)
    active: dict[str, set[int]] = {}
    overlaps = 0
    overlap_seconds = 0.0
    interruptions: list[Interruption] = []
    overlapping_now: set[str] = set()
    # A continuation may start before the window: the part of it the last window had not heard yet
    # (its frames arrived late) is counted here, overlaps included.
    last_t = min([cmd.start, *(s.start for s in spans)])
    anyone = 0
    silent_at_start = not any(s.start <= cmd.start + 1e-9 and not s.new for s in spans)
    if silent_at_start:
        silence = cmd.start if fresh or speech.silence_since is None else speech.silence_since
        same_phase = not fresh and phase_id == speech.phase_id and speech.phase_silence_since is not None
        phase_silence = speech.phase_silence_since if same_phase else cmd.start
    else:
        silence = None
        phase_silence = None
    longest = 0.0 if fresh else speech.longest_silence
    known_phase = speech.phases.get(phase_id)
    phase_longest = known_phase.longest_silence if known_phase is not None else 0.0
    for t, kind, i in points:
        dt = t - last_t
        if dt > 0:
            for speaking in active.values():
                if len(speaking) >= 2:
                    overlap_seconds += dt
                    for j in speaking:
                        m = spans[j].member_id
                        overlap_each[m] = overlap_each.get(m, 0.0) + dt
        last_t = max(last_t, t)
        span = spans[i]
        group = group_of(span.member_id)
        members = active.setdefault(group, set())
        if kind == 0:
            members.discard(i)
            if len(members) < 2:
                overlapping_now.discard(group)
                carried.discard(group)
            anyone -= 1
            if anyone == 0:
                silence = phase_silence = t
            continue
        if span.new:
            for j in members:
                if spans[j].member_id != span.member_id:
                    interruptions.append(Interruption(by=span.member_id, of=spans[j].member_id, at=t))
        members.add(i)
        if len(members) >= 2 and group not in overlapping_now:
            overlapping_now.add(group)
            if group not in carried:
                overlaps += 1
        if anyone == 0:
            if silence is not None:
                longest = max(longest, t - silence)
            if phase_silence is not None:
                phase_longest = max(phase_longest, t - phase_silence)
            silence = phase_silence = None
        anyone += 1
    if silence is not None:
        longest = max(longest, cmd.end - silence)
    if phase_silence is not None:
        phase_longest = max(phase_longest, cmd.end - phase_silence)
    # An utterance the detector has not closed yet (voice up to the edge, or a pause shorter than its
    # hangover): the room is not silent at the end, and its next report continues it.
    ongoing_members = {seg.member_id: (seg.start, min(seg.end, cmd.end)) for seg in cmd.segments if seg.ongoing}
    if ongoing_members:  # their spans "ended" at the window's edge only: the room is not silent
        silence = phase_silence = None
    per_group: dict[str, int] = {}
    for m in ongoing_members:
        per_group[group_of(m)] = per_group.get(group_of(m), 0) + 1
    still_overlapping = sorted(g for g, n in per_group.items() if n >= 2)
    return SpeechMeasured(
        at=cmd.end,
        start=cmd.start,
        end=cmd.end,
        phase_id=phase_id,
        speakers={
            m: SpeakerDelta(
                seconds=round(seconds[m], 3),
                contributions=contributions[m],
                overlap_seconds=round(overlap_each.get(m, 0.0), 3),
            )
            for m in sorted(seconds)
        },
        overlaps=overlaps,
        overlap_seconds=round(overlap_seconds, 3),
        overlapping=still_overlapping,
        interruptions=interruptions,
        ongoing=[Ongoing(member_id=m, start=s, counted_until=u) for m, (s, u) in sorted(ongoing_members.items())],
        silence_since=silence,
        longest_silence=round(longest, 3),
        phase_longest_silence=round(phase_longest, 3),
        phase_silence_since=phase_silence,
        unanalysed=cmd.unanalysed,
    )
