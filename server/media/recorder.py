"""Recorded tracks on disk: one WAV file per member per recording, and their deletion after retention.

WAV (16-bit PCM, 48 kHz mono) rather than Opus in Ogg: the listener decodes a recorded member's
packets (and only theirs), so writing them costs a memcpy and no encoder per member, and every tool
opens it. A 1-hour track
is 345 MB; the operator's retention (`--recording-retention-days`) bounds what accumulates.
Files live under `<data dir>/recordings/<room>/<recording>/track-<random>.wav` (no member id on disk
or in the record: the record names the track's member).
"""

from __future__ import annotations

import logging
import re
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

RATE = 48_000
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def recording_dir(data_dir: Path, room_id: str, recording_id: str) -> Path:
    return data_dir / "recordings" / _SAFE.sub("_", room_id) / _SAFE.sub("_", recording_id)


class TrackWriter:
    """One member's track of one recording, written as frames arrive."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._wav = wave.open(str(path), "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(RATE)
        self.samples = 0

    def write(self, mono: np.ndarray) -> None:
        self._wav.writeframes(mono.astype("<i2").tobytes())
        self.samples += int(mono.size)

    def close(self) -> float:
        """Finish the file; its length in seconds."""
        self._wav.close()
        return self.samples / RATE

    def discard(self) -> None:
        """The member declined mid-recording: nothing of them stays."""
        self._wav.close()
        self.path.unlink(missing_ok=True)


def delete_expired(data_dir: Path, retention_days: float, now: float | None = None) -> list[Path]:
    """Delete recorded files older than the retention; the paths deleted."""
    root = data_dir / "recordings"
    if retention_days <= 0 or not root.is_dir():
        return []
    limit = (now if now is not None else time.time()) - retention_days * 86400
    gone = []
    for path in root.glob("*/*/*.wav"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                gone.append(path)
        except FileNotFoundError:
            continue
    for d in sorted(root.glob("*/*"), reverse=True):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
    if gone:
        log.info("deleted %d recorded tracks past the %g-day retention", len(gone), retention_days)
    return gone
