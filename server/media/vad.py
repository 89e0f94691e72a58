"""Voice activity from decoded audio: an energy detector with hysteresis, and utterance tracking.

Chosen over webrtcvad after measuring both on known signals (load/bench_vad.py, figures in
docs/media.md): both find tones and speech-like bursts, but webrtcvad keeps every utterance ~0.3 s
too long (its own hangover, on top of ours), +4 to +6 % on a 2-4 s schedule, outside the 5 % the
facilitator is promised, while energy measured every schedule exactly; it is also 5x cheaper per
frame. Neither rejects keyboard clicks (loud broadband bursts): a known limit, said in the docs.

The noise floor is the quietest frame of the last 20 s ("minimum statistics", Martin 2001), never
above -50 dBFS, so a steady fan becomes the floor while a long monologue does not. A frame is voiced
above floor + 12 dB (at least -50 dBFS); once speaking, it stays voiced down to 6 dB lower
(hysteresis: a falling syllable does not flicker). Pauses shorter than the hangover (0.4 s, the gap
between words) are bridged, so an utterance is a contribution, not a word.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

FLOOR_SECONDS = 20
FLOOR_CEILING_DB = -50.0
ABOVE_FLOOR_DB = 12.0
MIN_ON_DB = -50.0
HYSTERESIS_DB = 6.0
HANGOVER = 0.4
SILENT_DB = -120.0


def level_db(samples: np.ndarray) -> float:
    """RMS level of int16 samples in dBFS (-120 for digital silence)."""
    if samples.size == 0:
        return SILENT_DB
    x = samples.astype(np.float32)
    rms = math.sqrt(float(np.dot(x, x)) / x.size) / 32768.0
    return SILENT_DB if rms <= 1e-6 else 20.0 * math.log10(rms)


class EnergyDetector:
    """Voiced or not, frame by frame, against an adaptive noise floor with hysteresis."""

    def __init__(self, frame_seconds: float = 0.02) -> None:
        self._per_block = max(1, round(1.0 / frame_seconds))
        self._blocks: deque[float] = deque(maxlen=FLOOR_SECONDS)
        self._block_min = math.inf
        self._in_block = 0
        self.speaking = False

    @property
    def floor(self) -> float:
        lowest = min([*self._blocks, self._block_min], default=SILENT_DB)
        return min(FLOOR_CEILING_DB, lowest if lowest != math.inf else SILENT_DB)

    def voiced(self, level: float) -> bool:
        """Whether a frame at `level` dBFS is voice; updates the floor and the hysteresis state."""
        self._block_min = min(self._block_min, level)
        self._in_block += 1
        if self._in_block >= self._per_block:
            self._blocks.append(self._block_min)
            self._block_min = math.inf
            self._in_block = 0
        on = max(MIN_ON_DB, self.floor + ABOVE_FLOOR_DB)
        self.speaking = level >= (on - HYSTERESIS_DB if self.speaking else on)
        return self.speaking


@dataclass(slots=True)
class Utterance:
    start: float
    end: float


class UtteranceTracker:
    """Voiced frames joined into utterances (gaps under the hangover bridged), handed out per window."""

    def __init__(self, hangover: float = HANGOVER) -> None:
        self.hangover = hangover
        self.current: Utterance | None = None
        self.closed: list[Utterance] = []
        #: end of the last frame heard, voiced or not
        self.heard_until: float | None = None

    def frame(self, t: float, duration: float, voiced: bool) -> None:
        self.heard_until = t + duration
        if not voiced:
            return
        cur = self.current
        if cur is not None and t - cur.end <= self.hangover:
            cur.end = max(cur.end, t + duration)  # a re-timed frame never shortens what was heard
            return
        if cur is not None:
            self.closed.append(cur)
        self.current = Utterance(t, t + duration)

    def silence(self) -> None:
        """The member muted (or their track ended): whatever was being said ends now."""
        if self.current is not None:
            self.closed.append(self.current)
            self.current = None

    def take(self, until: float) -> list[tuple[float, float, bool]]:
        """Utterances to report up to `until`: (start, end, ongoing); an ongoing one (still voiced,
        or in a pause shorter than the hangover, or heard past `until`) is reported again later
        with the same start."""
        out: list[tuple[float, float, bool]] = []
        kept: list[Utterance] = []
        for u in self.closed:
            if u.start >= until:
                kept.append(u)
            elif u.end > until:
                out.append((u.start, until, True))
                kept.append(u)
            else:
                out.append((u.start, u.end, False))
        self.closed = kept
        cur = self.current
        if cur is not None and cur.start < until:
            if cur.end + self.hangover <= until:
                out.append((cur.start, cur.end, False))
                self.current = None
            else:
                out.append((cur.start, min(cur.end, until), True))
        return out
