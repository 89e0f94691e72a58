"""When the listener falls behind (its loop is struggling and packets come in over a second late) it
stops analysing until it has caught up, counts what it skipped, and tells the room; it never blocks
the room. Packets that a sender sent late, while the listener keeps up, are analysed as usual."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiortc.rtp import RtpPacket

from rooms import Command, RoomState
from rooms.speech.commands import MeasureSpeech, ReportListenerLoad
from rooms.state import Member, Presence, Role
from server.clock import FakeClock, SystemClock
from server.media.listener import Heard, RoomListener
from server.metrics import Metrics

CELT_20MS = bytes([31 << 3]) + b"\x00" * 40  # TOC: CELT fullband, 20 ms, one frame


def packet(seq: int, level_dbfs: int = -20) -> RtpPacket:
    p = RtpPacket(payload_type=111, sequence_number=seq, timestamp=seq * 960, payload=CELT_20MS)
    p.extensions.audio_level = (True, -level_dbfs)  # what the sender measured (RFC 6464: -dBov)
    return p


async def test_a_listener_behind_skips_analysis_counts_it_and_says_so(tmp_path: Path) -> None:
    sent: list[Command] = []

    async def submit(cmd: Command) -> Any:
        sent.append(cmd)

    async def send(member_id: str, kind: str, data: dict[str, Any]) -> None:
        return None

    state = RoomState(room_id="r")
    state.members["m-1"] = Member(id="m-1", name="Mo", role=Role.PARTICIPANT)
    metrics = Metrics()
    clock = FakeClock()
    lst = RoomListener("r", "n0", clock, submit, send, lambda: state, tmp_path, [], metrics)
    heard = Heard(member_id="m-1", session="s", pc=None)  # type: ignore[arg-type]
    lst.heard["m-1"] = heard
    for i in range(10):  # in time: analysed
        clock.advance(0.02)
        await lst._packet(heard, packet(i))
    # The loop was blocked 1.5 s: what queued meanwhile arrives at once, late.
    lst.note_load(lag=1.5, busy=1.0)
    clock.advance(1.5)
    for i in range(10, 60):
        await lst._packet(heard, packet(i))
    assert lst._unanalysed == pytest.approx(50 * 0.02)
    assert metrics.unanalysed._value.get() == pytest.approx(1.0)  # what /metrics shows the operator
    await lst._send_window(state)
    load = [c for c in sent if isinstance(c, ReportListenerLoad)]
    assert load and load[0].overloaded
    [window] = [c for c in sent if isinstance(c, MeasureSpeech)]
    assert window.unanalysed == pytest.approx(1.0)
    # Caught up: packets in time again, analysis resumes and the room hears it is over.
    lst.note_load(lag=0.0, busy=0.3)
    for i in range(60, 70):
        clock.advance(0.02)
        await lst._packet(heard, packet(i + 75))  # the sender's clock ran on meanwhile
    assert heard.behind is False
    await lst._send_window(state)
    assert [c.overloaded for c in sent if isinstance(c, ReportListenerLoad)] == [True, False]


async def test_late_packets_from_a_late_sender_are_analysed(tmp_path: Path) -> None:
    """The listener keeps up; the sender (a starved laptop) sent 1.5 s of speech late, at once."""
    sent: list[Command] = []

    async def submit(cmd: Command) -> Any:
        sent.append(cmd)

    async def send(member_id: str, kind: str, data: dict[str, Any]) -> None:
        return None

    state = RoomState(room_id="r")
    state.members["m-1"] = Member(id="m-1", name="Mo", role=Role.PARTICIPANT)
    clock = FakeClock()
    lst = RoomListener("r", "n0", clock, submit, send, lambda: state, tmp_path, [])
    heard = Heard(member_id="m-1", session="s", pc=None)  # type: ignore[arg-type]
    lst.heard["m-1"] = heard
    lst.note_load(lag=0.0, busy=0.2)
    for i in range(10):
        clock.advance(0.02)
        await lst._packet(heard, packet(i))
    clock.advance(1.5)
    for i in range(10, 85):
        await lst._packet(heard, packet(i))
    clock.advance(1.0)
    await lst._send_window(state)
    assert lst._unanalysed == 0
    [window] = [c for c in sent if isinstance(c, MeasureSpeech)]
    assert window.unanalysed == 0
    assert sum(s.end - s.start for s in window.segments) == pytest.approx(85 * 0.02)


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
