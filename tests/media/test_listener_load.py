"""When the listener falls behind (its tracks' queues hold over a second of audio) it stops analysing
until it has caught up, counts what it skipped, and tells the room; it never blocks the room."""

from __future__ import annotations

import fractions
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from av import AudioFrame

from rooms import Command, RoomState
from rooms.speech.commands import MeasureSpeech, ReportListenerLoad
from rooms.state import Member, Presence, Role
from server.clock import SystemClock
from server.media.listener import BACKLOG_FRAMES, Heard, RoomListener
from server.metrics import Metrics


def frame(pts: int) -> AudioFrame:
    tone = (3000 * np.sin(np.arange(960) / 48_000 * 2 * np.pi * 440)).astype(np.int16)
    f = AudioFrame.from_ndarray(tone.reshape(1, -1), format="s16", layout="mono")
    f.sample_rate, f.pts, f.time_base = 48_000, pts, fractions.Fraction(1, 48_000)
    return f


async def test_a_listener_behind_skips_analysis_counts_it_and_says_so(tmp_path: Path) -> None:
    sent: list[Command] = []

    async def submit(cmd: Command) -> Any:
        sent.append(cmd)

    async def send(member_id: str, kind: str, data: dict[str, Any]) -> None:
        return None

    state = RoomState(room_id="r")
    state.members["m-1"] = Member(id="m-1", name="Mo", role=Role.PARTICIPANT)
    metrics = Metrics()
    lst = RoomListener("r", "n0", SystemClock(), submit, send, lambda: state, tmp_path, [], metrics)
    heard = Heard(member_id="m-1", session="s", pc=None)  # type: ignore[arg-type]
    lst.heard["m-1"] = heard
    for i in range(10):  # keeping up: analysed
        await lst._frame(heard, frame(i * 960), backlog=0)
    for i in range(10, 60):  # a second and more queued: drained without analysis
        await lst._frame(heard, frame(i * 960), backlog=BACKLOG_FRAMES + 1)
    assert lst._unanalysed == pytest.approx(50 * 0.02)
    assert metrics.unanalysed._value.get() == pytest.approx(1.0)  # what /metrics shows the operator
    await lst._send_window(state)
    load = [c for c in sent if isinstance(c, ReportListenerLoad)]
    assert load and load[0].overloaded
    [window] = [c for c in sent if isinstance(c, MeasureSpeech)]
    assert window.unanalysed == pytest.approx(1.0)
    # Caught up: analysis resumes and the room hears it is over.
    for i in range(60, 70):
        await lst._frame(heard, frame(i * 960), backlog=0)
    await lst._send_window(state)
    assert [c.overloaded for c in sent if isinstance(c, ReportListenerLoad)] == [True, False]


async def test_a_member_who_left_is_no_longer_heard(tmp_path: Path) -> None:
    async def submit(cmd: Command) -> Any:
        return None

    async def send(member_id: str, kind: str, data: dict[str, Any]) -> None:
        return None

    state = RoomState(room_id="r")
    state.members["m-1"] = Member(id="m-1", name="Mo", role=Role.PARTICIPANT)
    lst = RoomListener("r", "n0", SystemClock(), submit, send, lambda: state, tmp_path, [])
    lst.heard["m-1"] = Heard(member_id="m-1", session="s", pc=None)  # type: ignore[arg-type]
    await lst._send_window(state)
    assert "m-1" in lst.heard
    state.members["m-1"].presence = Presence.LEFT
    await lst._send_window(state)
    assert lst.heard == {}
