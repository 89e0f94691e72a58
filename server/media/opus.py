"""What the listener reads off each Opus RTP packet without decoding it, and the SDP it answers with.

The listener hears 50 packets a second per member at 20 ms, each through aiortc's Python path (ICE,
SRTP, RTP parsing); decoding them all to PCM, as aiortc's receiver does, costs a jitter buffer, a
decoder thread and two thread hops per packet. It needs much less:

- **how long** a packet is: its Opus TOC byte says (RFC 6716 section 3.1), no decoding;
- **how loud**: the sender's own RMS level of the packet, in the RTP header extension
  `urn:ietf:params:rtp-hdrext:ssrc-audio-level` (RFC 6464: 0 to 127, in -dBov), which browsers and
  aiortc send on every audio packet when the answer accepts it (aiortc's answer does);
- **fewer packets**: the answer asks for 60 ms per packet (`a=ptime:60`). A sender's Opus encoder
  that reads the remote description's ptime (Chromium's does; Firefox keeps 20 ms) then sends a
  third of the packets, each of which costs what a 20 ms one did.

PCM is decoded only for what must be written (a recording) or when a packet carries no level.
"""

from __future__ import annotations

from typing import Any

RATE = 48_000
PTIME_MS = 60

#: samples at 48 kHz of one Opus frame, by TOC configuration (RFC 6716 table 2)
_FRAME_SAMPLES = (
    [480, 960, 1920, 2880] * 3  # 0-11 SILK: 10, 20, 40, 60 ms
    + [480, 960] * 2  # 12-15 hybrid: 10, 20 ms
    + [120, 240, 480, 960] * 4  # 16-31 CELT: 2.5, 5, 10, 20 ms
)


def packet_samples(payload: bytes) -> int:
    """Samples (at 48 kHz) an Opus packet holds, from its TOC byte; 0 for an empty or bad packet."""
    if not payload:
        return 0
    toc = payload[0]
    per = _FRAME_SAMPLES[toc >> 3]
    code = toc & 3
    if code == 0:
        return per
    if code in (1, 2):
        return 2 * per
    if len(payload) < 2:
        return 0
    return per * (payload[1] & 0x3F)


def header_level_db(packet: Any) -> float | None:
    """The sender's level of the packet in dBFS (RMS, as `vad.level_db` measures it), or None when
    the packet has no audio-level extension."""
    level = packet.extensions.audio_level
    if level is None:
        return None
    return -float(level[1])


def ask_ptime(sdp: str, ms: int = PTIME_MS) -> str:
    """The answer with `a=ptime:<ms>` in each audio section that has none (a preference: a sender
    may ignore it, and nothing here depends on it)."""
    lines = sdp.split("\r\n")
    out: list[str] = []
    in_audio = False
    has_ptime = False

    def close_section() -> None:
        if in_audio and not has_ptime:
            # before the trailing empty string that a final CRLF leaves
            at = len(out)
            while at > 0 and out[at - 1] == "":
                at -= 1
            out.insert(at, f"a=ptime:{ms}")

    for line in lines:
        if line.startswith("m="):
            close_section()
            in_audio, has_ptime = line.startswith("m=audio"), False
        elif line.startswith("a=ptime:"):
            has_ptime = True
        out.append(line)
    close_section()
    return "\r\n".join(out)


class TimestampUnwrapper:
    """RTP timestamps (32 bits, wrapping every 25 h at 48 kHz) as a growing count of samples."""

    __slots__ = ("_base", "_last")

    def __init__(self) -> None:
        self._last: int | None = None
        self._base = 0

    def __call__(self, ts: int) -> int:
        last = self._last
        if last is not None:
            delta = (ts - last) & 0xFFFFFFFF
            if delta >= 0x80000000:  # an older packet (reordered): behind the last one
                return self._base + last - ((last - ts) & 0xFFFFFFFF)
            if ts < last:
                self._base += 1 << 32
        self._last = ts
        return self._base + ts
