"""One room's listener: an aiortc peer per member, voice detection per track, reports once a second.

Browsers offer (signal `to: "listener"`) an audio-only, send-only connection; the listener answers
(aiortc gathers its candidates before answering, so the answer carries them, and asks for 60 ms
packets) and reads each RTP packet as it arrives, in the event loop: its length from the Opus TOC
byte, its level from the sender's audio-level header extension (server/media/opus.py). Nothing is
decoded unless it is being recorded (or a sender gives no level): aiortc's own path, a jitter buffer
and a decoder thread with two thread hops per packet, cost more than everything else together
(docs/benchmarks.md). When the node's loop is struggling (a window's timer fired over `LAG_LIMIT`
late, or the loop's thread was `BUSY_LIMIT` busy) and packets arrive more than `LAG_LIMIT` late,
analysis is dropped for them, counted as unanalysed, and the room is told (`ReportListenerLoad`).
Late packets from a sender that was itself late (a starved laptop) are analysed as usual.

Every `WINDOW` seconds the utterances found are sent to the room as one `MeasureSpeech` (a quiet
room sends one every `HEARTBEAT` seconds), through the room's single writer like any command.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.sdp import candidate_from_sdp
from av import CodecContext, Packet

from rooms import Command, RoomState
from rooms.speech.commands import MeasureSpeech, NoteRecordingFile, ReportListenerLoad, Segment
from rooms.speech.recording import may_record, recording_now
from server.clock import Clock
from server.media import LISTENER
from server.media.opus import RATE, TimestampUnwrapper, ask_ptime, header_level_db, packet_samples
from server.media.recorder import TrackWriter, recording_dir
from server.media.vad import EnergyDetector, UtteranceTracker, level_db
from server.metrics import Metrics

log = logging.getLogger(__name__)

WINDOW = 1.0
HEARTBEAT = 10.0
#: the loop struggles when a window's timer fires this late, or its thread is this busy over a window
LAG_LIMIT = 1.0
BUSY_LIMIT = 0.9
#: while it struggles, a packet arriving LAG_LIMIT later than the member's least delayed one is not
#: analysed (it queued while the loop was busy), until packets arrive within LAG_RESUME again
LAG_RESUME = 0.2
#: windows end this far behind now, so frames that arrive a little late still fall in them
REPORT_DELAY = 0.5

Submit = Callable[[Command], Awaitable[Any]]
SendSignal = Callable[[str, str, dict[str, Any]], Awaitable[None]]


@dataclass
class Heard:
    """One member's connection to the listener and what its detector knows."""

    member_id: str
    session: str
    pc: RTCPeerConnection
    detector: EnergyDetector = field(default_factory=EnergyDetector)
    tracker: UtteranceTracker = field(default_factory=UtteranceTracker)
    muted: bool = False
    #: our clock minus the RTP clock, for the least delayed packet so far
    anchor: float | None = None
    writers: dict[str, TrackWriter] = field(default_factory=dict)
    frames: int = 0
    #: packets arriving late: skipping their analysis
    behind: bool = False
    unwrap: TimestampUnwrapper = field(default_factory=TimestampUnwrapper)
    #: an Opus decoder, made only when PCM is needed (a recording, a sender without levels)
    decoder: Any = None
    #: samples per packet last heard (2880 when the sender honoured the 60 ms asked for)
    packet_samples: int = 0


class RoomListener:
    def __init__(
        self,
        room_id: str,
        node_id: str,
        clock: Clock,
        submit: Submit,
        send: SendSignal,
        room_state: Callable[[], RoomState | None],
        data_dir: Path,
        ice_servers: list[str],
        metrics: Metrics | None = None,
    ) -> None:
        self.room_id = room_id
        self.id = f"{node_id}/{secrets.token_hex(3)}"
        self._clock = clock
        self._submit = submit
        self._send = send
        self._state = room_state
        self._data_dir = data_dir
        self._ice = [RTCIceServer(u) for u in ice_servers]
        self._metrics = metrics
        self.heard: dict[str, Heard] = {}
        self._window_start = clock.now()
        self._last_sent = self._window_start
        self._unanalysed = 0.0
        self.overloaded = False
        self._reported_overload = False
        #: the node's loop is behind (`note_load`)
        self.struggling = False
        self._task: asyncio.Task[None] | None = None
        self.closed = False
        self.windows_sent = 0
        #: what each browser last said of its microphone (it may say so before its offer arrives)
        self._muted: dict[str, bool] = {}
        #: utterances of members who hung up, for the next window
        self._pending_segments: list[Segment] = []
        #: set while someone is heard (or was, with segments still to report): `_report` waits on it
        self._hearing = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._report(), name=f"listener:{self.room_id}")

    async def close(self) -> None:
        self.closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for member_id in list(self.heard):
            await self._hang_up(member_id)

    # -- signalling -----------------------------------------------------------------------------

    async def on_message(self, kind: str, member_id: str, data: dict[str, Any]) -> None:
        """A browser's `signal` or `media_state` addressed to the listener."""
        if kind == "media_state":
            muted = self._muted[member_id] = not bool(data.get("audio"))
            heard = self.heard.get(member_id)
            if heard is not None:
                heard.muted = muted
                if muted:
                    heard.tracker.silence()
            return
        if kind != "signal":
            return
        session, payload = str(data.get("session", "")), data.get("payload") or {}
        if data.get("kind") == "offer":
            await self._answer(member_id, session, payload)
        elif data.get("kind") == "ice":
            heard = self.heard.get(member_id)
            cand = payload.get("candidate") if isinstance(payload, dict) else None
            if heard is None or heard.session != session or not cand:
                return
            ice = candidate_from_sdp(str(cand).split(":", 1)[-1])
            ice.sdpMid = payload.get("sdpMid")
            ice.sdpMLineIndex = payload.get("sdpMLineIndex")
            with contextlib.suppress(Exception):
                await heard.pc.addIceCandidate(ice)

    async def _answer(self, member_id: str, session: str, payload: dict[str, Any]) -> None:
        muted = self._muted.get(member_id, False)
        await self._hang_up(member_id)  # every offer is a fresh connection: a reload, a new listener
        pc = RTCPeerConnection(RTCConfiguration(iceServers=self._ice))
        heard = self.heard[member_id] = Heard(member_id=member_id, session=session, pc=pc, muted=muted)
        self._hearing.set()
        if self._metrics is not None:
            self._metrics.listened.inc()

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            if pc.connectionState in ("failed", "closed") and self.heard.get(member_id) is heard:
                await self._hang_up(member_id)

        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=str(payload.get("sdp", "")), type="offer"))
            for transceiver in pc.getTransceivers():
                if transceiver.kind == "audio":
                    self._hear(heard, transceiver.receiver)
            await pc.setLocalDescription(await pc.createAnswer())
        except Exception as exc:  # a malformed offer hurts only its sender's link
            log.info("room %s: offer from %s refused: %s", self.room_id, member_id, exc)
            await self._hang_up(member_id)
            return
        answer = {"type": "answer", "sdp": ask_ptime(pc.localDescription.sdp)}
        await self._send(member_id, "answer", {"kind": "answer", "session": self.id, "payload": answer})

    async def _hang_up(self, member_id: str) -> None:
        heard = self.heard.pop(member_id, None)
        if heard is None:
            return
        if self._metrics is not None and heard.pc is not None:
            self._metrics.listened.dec()
        heard.tracker.silence()
        self._pending_segments.extend(self._segments_of(heard, self._clock.now()))
        await self._close_writers(heard, keep=set())
        with contextlib.suppress(Exception):
            await heard.pc.close()

    # -- hearing --------------------------------------------------------------------------------

    def _hear(self, heard: Heard, receiver: Any) -> None:
        """Take the receiver's RTP packets as they arrive. The DTLS transport hands each parsed,
        decrypted packet to `receiver._handle_rtp_packet`; replacing it on this one receiver skips
        aiortc's jitter buffer, decoder thread and frame queue, which this listener does not need
        (tests/media prove the result end to end against real aiortc and Chromium senders)."""

        async def on_rtp(packet: Any, arrival_time_ms: int = 0) -> None:
            try:
                await self._packet(heard, packet)
            except Exception:
                log.exception("room %s: packet from %s failed", self.room_id, heard.member_id)

        receiver._handle_rtp_packet = on_rtp

    async def _packet(self, heard: Heard, packet: Any) -> None:
        """One Opus packet: when it was said, how long, voiced or not; written if recorded."""
        payload: bytes = packet.payload
        samples = packet_samples(payload)
        if samples == 0:
            return
        now = self._clock.now()
        duration = samples / RATE
        ts = heard.unwrap(packet.timestamp)
        t = self._frame_time(heard, ts, RATE, now, duration)
        heard.frames += 1
        heard.packet_samples = samples
        # Behind: packets queued while the loop was busy. Skip their analysis until they come in
        # time again (measuring late audio would delay everything after it, and the room's
        # commands share this loop).
        late = now - duration - t
        heard.behind = self.struggling and late > (LAG_RESUME if heard.behind else LAG_LIMIT)
        if heard.behind:
            self._unanalysed += duration
            self.overloaded = True
            if self._metrics is not None:
                self._metrics.unanalysed.inc(duration)
            return
        writer = await self._writer(heard)
        level = header_level_db(packet)
        mono = None
        if writer is not None or level is None:
            mono = self._decode(heard, payload)
            if level is None:
                level = level_db(mono)
        voiced = False if heard.muted else heard.detector.voiced(level)
        heard.tracker.frame(t, duration, voiced)
        if writer is not None and mono is not None:
            writer.write(mono)

    def _decode(self, heard: Heard, payload: bytes) -> np.ndarray:
        """The packet as 48 kHz mono int16 samples."""
        if heard.decoder is None:
            codec = CodecContext.create("libopus", "r")
            codec.format, codec.layout, codec.sample_rate = "s16", "mono", RATE
            heard.decoder = codec
        frames = heard.decoder.decode(Packet(payload))
        if not frames:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames])

    def _frame_time(self, heard: Heard, pts: int, rate: int, now: float, duration: float) -> float:
        """When a frame was spoken, on our clock: its RTP time plus the smallest lateness seen so far
        for this member (the frame that arrived soonest shows the true offset; a frame arriving later
        than that was delayed, not spoken later). So two members' timelines line up for overlaps
        even when frames come in bursts, and jitter neither stretches nor squeezes speech. A jump
        (the sender restarted its clock) re-anchors."""
        offset = now - duration - pts / rate
        if heard.anchor is None or offset < heard.anchor or offset - heard.anchor > 10.0:
            heard.anchor = offset
        return heard.anchor + pts / rate

    async def _writer(self, heard: Heard) -> TrackWriter | None:
        """The file this member's audio goes to now, if a recording runs and they may be recorded."""
        state = self._state()
        rec = recording_now(state) if state is not None else None
        keep = {rec.id} if rec is not None and state is not None and may_record(state, heard.member_id) else set()
        if heard.writers.keys() - keep:
            await self._close_writers(heard, keep)
        if not keep or heard.muted or rec is None:
            return None
        writer = heard.writers.get(rec.id)
        if writer is None:
            # Not the member id: the record lists files and never names a member by id.
            path = recording_dir(self._data_dir, self.room_id, rec.id) / f"track-{secrets.token_hex(4)}.wav"
            writer = heard.writers[rec.id] = TrackWriter(path)
        return writer

    async def _close_writers(self, heard: Heard, keep: set[str]) -> None:
        state = self._state()
        for rec_id in list(heard.writers.keys() - keep):
            writer = heard.writers.pop(rec_id)
            if state is not None and heard.member_id in state.speech.declined:
                writer.discard()
                continue
            seconds = writer.close()
            note = NoteRecordingFile(
                actor="", recording_id=rec_id, member_id=heard.member_id, name=writer.path.name, seconds=seconds
            )
            with contextlib.suppress(Exception):
                await self._submit(note)

    # -- reporting ------------------------------------------------------------------------------

    def _segments_of(self, heard: Heard, now: float) -> list[Segment]:
        out = []
        for start, end, ongoing in heard.tracker.take(now):
            end = min(end, now)  # the start stays as heard: an ongoing utterance is known by it
            if end >= start:
                out.append(Segment(heard.member_id, start, end, ongoing))
        return out

    def note_load(self, lag: float, busy: float) -> None:
        """How late the last window's timer fired (seconds) and how busy the loop's thread was
        (CPU seconds per second) meanwhile: whether late packets are the listener's fault."""
        self.struggling = lag > LAG_LIMIT or busy >= BUSY_LIMIT

    async def _report(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.closed:
            if not self.heard and not self._pending_segments:
                # Nobody to hear: no window each second (a node owns thousands of quiet rooms);
                # the first browser to connect wakes it, and its first window starts then.
                self._hearing.clear()
                await self._hearing.wait()
                self._window_start = self._clock.now()
            before, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(WINDOW)
            elapsed = loop.time() - before
            self.note_load(elapsed - WINDOW, (time.thread_time() - cpu) / elapsed)
            state = self._state()
            if state is None:  # this node no longer owns the room
                log.info("room %s: listener %s stops (the room moved)", self.room_id, self.id)
                self.closed = True
                for member_id in list(self.heard):
                    await self._hang_up(member_id)
                return
            await self._send_window(state)

    async def _send_window(self, state: RoomState) -> None:
        now = self._clock.now() - REPORT_DELAY
        for member_id in [m for m in self.heard if state.admitted(m) is None]:
            await self._hang_up(member_id)  # left or removed: no longer heard, nor recorded
        pending, self._pending_segments = self._pending_segments, []
        # Utterances of members who hung up end within this window (they can be heard no more).
        segments = [Segment(p.member_id, min(p.start, now), min(p.end, now), False) for p in pending if p.start < now]
        for heard in list(self.heard.values()):
            segments.extend(self._segments_of(heard, now))
            if heard.writers and recording_now(state) is None:
                await self._close_writers(heard, keep=set())
        if self.overloaded != self._reported_overload:
            self._reported_overload = self.overloaded
            with contextlib.suppress(Exception):
                await self._submit(ReportListenerLoad(actor="", listener=self.id, overloaded=self.overloaded))
        self.overloaded = False
        if not self.heard and not segments:
            self._window_start = now  # nobody to hear: the next window starts afresh
            return
        quiet = not segments and not state.speech.open
        if quiet and now - self._last_sent < HEARTBEAT and state.speech.listener == self.id:
            return
        cmd = MeasureSpeech(
            actor="",
            listener=self.id,
            start=self._window_start,
            end=now,
            segments=segments,
            unanalysed=round(self._unanalysed, 3),
        )
        self._unanalysed = 0.0
        try:
            await self._submit(cmd)
        except Exception as exc:
            log.warning("room %s: speech window refused: %s", self.room_id, exc)
            self._pending_segments = [s for s in segments if not s.ongoing] + self._pending_segments
            return
        self.windows_sent += 1
        self._window_start = self._last_sent = now

    def announce(self) -> dict[str, Any]:
        """What every browser of the room is told when this listener starts: connect to it."""
        return {"id": self.id, "to": LISTENER}
