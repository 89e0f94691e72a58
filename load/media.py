"""Synthetic speakers for the listener: aiortc peers that send tones and silences on a schedule.

Used by the load tool's media option and by the tests: a `ScheduledVoice` is an audio track whose
content at each instant follows its schedule by wall time since it started (so a gap in the
connection does not shift what is "said"), and a `ListenerLink` negotiates it with the room's
listener over the room's own signalling (`signal` to "listener"), renegotiating when the room
announces a new listener (a `relay` of type `listener`).
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.codecs.opus import OpusEncoder
from aiortc.mediastreams import MediaStreamTrack
from av import AudioFrame, AudioResampler

RATE = 48_000
FRAME = 960  # 20 ms
PTIME = re.compile(r"^a=ptime:(\d+)", re.M)
TONE_DB = -20.0

#: ("tone" | "silence", seconds), in order
Schedule = list[tuple[str, float]]

Send = Callable[[str, dict[str, Any]], Awaitable[Any]]


def spoken_seconds(schedule: Schedule) -> float:
    """The truth a listener should measure for `schedule`."""
    return sum(secs for kind, secs in schedule if kind == "tone")


class ScheduledVoice(MediaStreamTrack):
    """An audio track saying `schedule` (tone = voice), in real time, then silence forever."""

    kind = "audio"

    def __init__(self, schedule: Schedule, hz: float = 440.0, start: float | None = None) -> None:
        super().__init__()
        self.schedule = schedule
        self.hz = hz
        self.started = start
        self._sent = 0
        self._t0: float | None = None
        self.muted = False
        #: samples per frame (and so per packet): 2880 once the listener asked for 60 ms
        self.frame = FRAME
        edges, t = [], 0.0
        for kind, secs in schedule:
            edges.append((t, t + secs, kind == "tone"))
            t += secs
        self._edges = edges

    @property
    def said_until(self) -> float:
        """Seconds of the schedule produced so far (behind wall time when this process is starved)."""
        if self._t0 is None or self.started is None:
            return 0.0
        return (self._t0 - self.started) + self._sent / RATE

    @property
    def said_from(self) -> float:
        """Where in the schedule its first frame was (later than 0 when it connected late)."""
        if self._t0 is None or self.started is None:
            return 0.0
        return max(0.0, self._t0 - self.started)

    def voiced_at(self, t: float) -> bool:
        return any(a <= t < b and v for a, b, v in self._edges)

    async def recv(self) -> AudioFrame:
        if self._t0 is None:
            self._t0 = time.time()
            if self.started is None:
                self.started = self._t0
        due = self._t0 + self._sent / RATE
        wait = due - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        assert self.started is not None
        n = self.frame
        t = (self._t0 - self.started) + self._sent / RATE + np.arange(n) / RATE
        on = np.array([self.voiced_at(x) for x in t[:: FRAME // 4]]).repeat(FRAME // 4)
        amp = 0.0 if self.muted else 10 ** (TONE_DB / 20) * 32767 * np.sqrt(2)
        pcm = (amp * on * np.sin(2 * np.pi * self.hz * t)).astype(np.int16)
        frame = AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, RATE)
        self._sent += n
        return frame


class PtimeOpusEncoder(OpusEncoder):
    """aiortc's Opus encoder, one packet per `ms` of audio (aiortc's own is fixed at 20 ms): what a
    browser's encoder does when the answer asks `a=ptime:60`."""

    def __init__(self, ms: int) -> None:
        super().__init__()
        samples = RATE * ms // 1000
        self.codec.bit_rate = 24_000  # what the browsers send the listener
        self.codec.options = {"application": "voip", "frame_duration": str(ms)}
        self.resampler = AudioResampler(format="s16", layout="stereo", rate=RATE, frame_size=samples)


class ListenerLink:
    """One member's audio connection to its room's listener, negotiated over the room's signalling."""

    def __init__(self, track: MediaStreamTrack, send: Send, honour_ptime: bool = True) -> None:
        self.track = track
        self._send = send
        #: False: 20 ms packets whatever the answer asks (as Firefox does)
        self.honour_ptime = honour_ptime
        self.session = secrets.token_hex(4)
        self.pc: RTCPeerConnection | None = None
        self.listener_id: str | None = None
        self.connected = asyncio.Event()
        #: seconds from sending each offer to the connection being up
        self.negotiations: list[float] = []
        self._offered_at = 0.0

    async def offer(self) -> None:
        """Open (or reopen) the connection: a fresh peer connection and a new offer."""
        if self.pc is not None:
            with contextlib.suppress(Exception):
                await self.pc.close()
        self.connected.clear()
        if isinstance(self.track, ScheduledVoice):
            self.track.frame = FRAME  # until the answer says otherwise
        pc = self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTransceiver(self.track, direction="sendonly")

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            if pc is self.pc and pc.connectionState == "connected" and not self.connected.is_set():
                self.negotiations.append(time.monotonic() - self._offered_at)
                self.connected.set()

        self._offered_at = time.monotonic()
        await pc.setLocalDescription(await pc.createOffer())
        payload = {"type": "offer", "sdp": pc.localDescription.sdp}
        await self._send("signal", {"to": "listener", "kind": "offer", "session": self.session, "payload": payload})

    async def on_relay(self, msg: dict[str, Any]) -> None:
        """A relayed message: the listener's answer, or a new listener announced."""
        if msg.get("type") == "listener":
            new_id = msg.get("data", {}).get("id")
            if new_id and new_id != self.listener_id and self.listener_id is not None:
                self.listener_id = new_id
                await self.offer()
            return
        if msg.get("type") != "signal" or msg.get("member_id") != "listener":
            return
        data = msg.get("data", {})
        if data.get("kind") == "answer" and self.pc is not None and self.pc.signalingState == "have-local-offer":
            self.listener_id = data.get("session")
            sdp = data["payload"]["sdp"]
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
            self._honour_ptime(sdp)

    def _honour_ptime(self, sdp: str) -> None:
        """Send packets as long as the answer asks, as Chromium does (aiortc ignores `a=ptime`)."""
        found = PTIME.search(sdp)
        ms = int(found.group(1)) if found else 20
        if not self.honour_ptime or ms not in (40, 60) or self.pc is None or not isinstance(self.track, ScheduledVoice):
            return
        self.track.frame = RATE * ms // 1000
        for sender in self.pc.getSenders():
            if sender.track is self.track:
                # aiortc makes its encoder at the first frame; this one is in place before it.
                sender._RTCRtpSender__encoder = PtimeOpusEncoder(ms)  # type: ignore[attr-defined]

    async def mute(self, muted: bool) -> None:
        """Say so to the listener (as the browser does) and send silence."""
        if isinstance(self.track, ScheduledVoice):
            self.track.muted = muted
        await self._send("media_state", {"audio": not muted, "video": False, "to": "listener"})

    async def close(self) -> None:
        if self.pc is not None:
            with contextlib.suppress(Exception):
                await self.pc.close()
