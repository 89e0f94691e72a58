"""Which voice detector the listener uses: energy with hysteresis vs webrtcvad, on known signals.

    .venv/bin/python -m load.bench_vad

Each signal is synthesised at 48 kHz with a known truth (seconds of "voice"); both detectors feed
the same utterance tracker (0.4 s hangover) and the measured seconds are printed against the truth,
with the cost per 20 ms frame. webrtcvad (webrtcvad-wheels) is imported only here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from server.media.vad import EnergyDetector, UtteranceTracker, level_db

RATE = 48_000
FRAME = 960  # 20 ms
rng = np.random.default_rng(7)


def tone(seconds: float, db: float = -20.0, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (10 ** (db / 20) * 32767 * np.sqrt(2) * np.sin(2 * np.pi * hz * t)).astype(np.float64)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE))


def noise(seconds: float, db: float) -> np.ndarray:
    return rng.normal(0, 10 ** (db / 20) * 32767, int(seconds * RATE))


def speechlike(seconds: float, db: float = -24.0) -> np.ndarray:
    """Voiced harmonics on a wandering pitch, shaped by a 4 Hz syllable envelope (dips, no gaps)."""
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    pitch = 130 + 25 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / RATE
    voiced = sum((1.0 / k) * np.sin(k * phase) for k in range(1, 12))
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    sig = voiced * envelope + rng.normal(0, 0.05, n)
    sig /= np.sqrt(np.mean(sig**2))
    return sig * 10 ** (db / 20) * 32767


def clicks(seconds: float, db: float = -25.0) -> np.ndarray:
    """Keyboard-like broadband bursts: loud, short, not voice."""
    sig = silence(seconds)
    step, width = int(0.15 * RATE), int(0.03 * RATE)
    for start in range(0, sig.size - width, step):
        sig[start : start + width] = rng.normal(0, 10 ** (db / 20) * 32767, width) * np.hanning(width)
    return sig


def schedule(*parts: tuple[str, float]) -> tuple[np.ndarray, float]:
    pieces, truth = [], 0.0
    for kind, secs in parts:
        if kind == "tone":
            pieces.append(tone(secs))
            truth += secs
        elif kind == "talk":
            pieces.append(speechlike(secs))
            truth += secs
        else:
            pieces.append(silence(secs))
    return np.concatenate(pieces), truth


def with_background(sig: np.ndarray, db: float) -> np.ndarray:
    return sig + rng.normal(0, 10 ** (db / 20) * 32767, sig.size)


def measure(sig: np.ndarray, voiced: Callable[[np.ndarray], bool]) -> tuple[float, float]:
    """Measured voice seconds and microseconds per frame."""
    pcm = np.clip(sig, -32768, 32767).astype(np.int16)
    tracker = UtteranceTracker()
    spent = 0.0
    frames = len(pcm) // FRAME
    for i in range(frames):
        frame = pcm[i * FRAME : (i + 1) * FRAME]
        t0 = time.perf_counter()
        v = voiced(frame)
        spent += time.perf_counter() - t0
        tracker.frame(i * FRAME / RATE, FRAME / RATE, v)
    total = sum(e - s for s, e, _ in tracker.take(1e9))
    return total, spent / frames * 1e6


def energy() -> Callable[[np.ndarray], bool]:
    det = EnergyDetector()
    return lambda f: det.voiced(level_db(f))


def webrtc(mode: int) -> Callable[[np.ndarray], bool]:
    import webrtcvad

    vad = webrtcvad.Vad(mode)
    return lambda f: bool(vad.is_speech(f.tobytes(), RATE))


def main() -> None:
    signals = {
        "tone 4 s, silence 3 s, tone 2 s, silence 3 s": schedule(("tone", 4), ("sil", 3), ("tone", 2), ("sil", 3)),
        "speech-like 2.5 s / 1.5 s pauses x4": schedule(*[p for _ in range(4) for p in (("talk", 2.5), ("sil", 1.5))]),
        "tone 30 s (a long monologue)": schedule(("tone", 30), ("sil", 1)),
    }
    noisy = schedule(*[p for _ in range(4) for p in (("talk", 2.5), ("sil", 1.5))])
    signals["speech-like over a -50 dBFS fan"] = (with_background(noisy[0], -50), noisy[1])
    signals["a -45 dBFS fan alone, 20 s"] = (noise(20, -45), 0.0)
    signals["digital silence 10 s"] = (silence(10), 0.0)
    signals["typing: 30 ms clicks every 150 ms, 10 s"] = (clicks(10), 0.0)
    detectors: dict[str, Callable[[], Callable[[np.ndarray], bool]]] = {
        "energy+hysteresis": energy,
        "webrtcvad mode 1": lambda: webrtc(1),
        "webrtcvad mode 3": lambda: webrtc(3),
    }
    print(f"{'signal':48} {'truth s':>8} " + " ".join(f"{d:>22}" for d in detectors))
    costs: dict[str, list[float]] = {d: [] for d in detectors}
    for name, (sig, truth) in signals.items():
        cells = []
        for d, make in detectors.items():
            got, us = measure(sig, make())
            costs[d].append(us)
            err = f"{(got - truth) / truth * 100:+.1f}%" if truth else f"{got:.2f} s"
            cells.append(f"{got:7.2f} s ({err:>7})")
        print(f"{name:48} {truth:8.2f} " + " ".join(f"{c:>22}" for c in cells))
    print("cost per 20 ms frame: " + ", ".join(f"{d} {np.mean(v):.1f} us" for d, v in costs.items()))


if __name__ == "__main__":
    main()
