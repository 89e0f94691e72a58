"""What the listener reads off an Opus RTP packet without decoding it, the SDP it answers with, and
the fallback for a sender that gives no level: real Opus packets from libopus (PyAV)."""

from __future__ import annotations

import fractions
from pathlib import Path
from typing import Any

import numpy as np
from aiortc.rtp import RtpPacket
from av import AudioFrame, CodecContext

from rooms import Command, RoomState
from rooms.state import Member, Role
from server.clock import FakeClock
from server.media.listener import Heard, RoomListener
from server.media.opus import TimestampUnwrapper, ask_ptime, packet_samples


def opus_packets(pcm: np.ndarray, ms: int = 20) -> list[bytes]:
    """`pcm` (48 kHz mono int16) encoded by libopus, `ms` per packet."""
    enc = CodecContext.create("libopus", "w")
    enc.format, enc.layout, enc.sample_rate, enc.bit_rate = "s16", "mono", 48_000, 24_000
    enc.options = {"application": "voip", "frame_duration": str(ms)}
    enc.time_base = fractions.Fraction(1, 48_000)
    n = 48 * ms
    out: list[bytes] = []
    for i in range(0, len(pcm) - n + 1, n):
        frame = AudioFrame.from_ndarray(pcm[i : i + n].reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = 48_000, i, enc.time_base
        out += [bytes(p) for p in enc.encode(frame)]
    return out


def tone(seconds: float, dbfs: float = -20.0) -> np.ndarray:
    t = np.arange(int(48_000 * seconds)) / 48_000
    wave: np.ndarray = (10 ** (dbfs / 20) * 32767 * np.sqrt(2) * np.sin(2 * np.pi * 300 * t)).astype(np.int16)
    return wave


def test_a_packets_length_comes_from_its_toc_byte() -> None:
    for ms in (20, 40, 60):
        packets = opus_packets(tone(0.6), ms)
        assert packets and all(packet_samples(p) == 48 * ms for p in packets)
    assert packet_samples(b"") == 0
    assert packet_samples(bytes([31 << 3 | 3, 3])) == 3 * 960  # code 3: three 20 ms CELT frames


def test_the_answer_asks_for_60_ms_once_per_audio_section() -> None:
    sdp = "v=0\r\nm=audio 9 UDP 111\r\na=rtpmap:111 opus/48000/2\r\nm=video 9 UDP 96\r\na=x\r\n"
    asked = ask_ptime(sdp)
    assert asked == "v=0\r\nm=audio 9 UDP 111\r\na=rtpmap:111 opus/48000/2\r\na=ptime:60\r\nm=video 9 UDP 96\r\na=x\r\n"
    assert ask_ptime(asked) == asked
    last = "v=0\r\nm=audio 9 UDP 111\r\na=rtpmap:111 opus/48000/2\r\n"
    assert ask_ptime(last) == last + "a=ptime:60\r\n"


def test_rtp_timestamps_unwrap_past_32_bits_and_reordering_stays_behind() -> None:
    unwrap = TimestampUnwrapper()
    assert unwrap(0xFFFFF000) == 0xFFFFF000
    assert unwrap(0x00000400) == (1 << 32) + 0x400  # wrapped
    assert unwrap(0xFFFFF800) == 0xFFFFF800  # a late packet from before the wrap
    assert unwrap(0x00000800) == (1 << 32) + 0x800


async def test_a_sender_without_levels_is_decoded_and_measured(tmp_path: Path) -> None:
    async def submit(cmd: Command) -> Any:
        return None

    async def send(member_id: str, kind: str, data: dict[str, Any]) -> None:
        return None

    state = RoomState(room_id="r")
    state.members["m-1"] = Member(id="m-1", name="Mo", role=Role.PARTICIPANT)
    clock = FakeClock()
    lst = RoomListener("r", "n0", clock, submit, send, lambda: state, tmp_path, [])
    heard = lst.heard["m-1"] = Heard(member_id="m-1", session="s", pc=None)  # type: ignore[arg-type]
    pcm = np.concatenate([np.zeros(48_000, dtype=np.int16), tone(1.0)])
    for i, payload in enumerate(opus_packets(pcm)):
        clock.advance(0.02)
        await lst._packet(heard, RtpPacket(payload_type=111, sequence_number=i, timestamp=i * 960, payload=payload))
    assert heard.decoder is not None
    [(start, end, _)] = heard.tracker.take(clock.now() + 1.0)
    # The tone, as heard (the codec's look-ahead shifts it by a few ms)
    assert abs((start - heard.anchor) - 1.0) < 0.05  # type: ignore[operator]
    assert abs((end - start) - 1.0) < 0.05
