"""`peergroup load --media`: aiortc peers that join, negotiate with the room's listener (and with each
other with `--media-mesh`), speak tones and silences on a seeded schedule, and a report of
negotiation time p50/p99 and measured vs sent speaking time.

Each room has a facilitator (a plain socket, silent) who receives the measured figures, and
`peers - 1` speakers. A speaker's schedule alternates a tone of 1-4 s with 1-3 s of silence (seeded),
so speakers of one room overlap sometimes, as people do. Sent = the tone seconds of the schedule
during the run; measured = what the room's `SpeechMeasured` events credited to that speaker.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import socketio
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from load.media import ListenerLink, Schedule, ScheduledVoice
from protocol import PROTOCOL_VERSION

LEAD = 3.0  # seconds between the last negotiation starting and the schedules starting


@dataclass
class MediaConfig:
    urls: list[str]
    rooms: int = 1
    peers: int = 4
    duration: float = 20.0
    seed: int = 1
    mesh: bool = False
    api_key: str | None = None


@dataclass
class Speaker:
    sio: socketio.AsyncClient
    member_id: str
    schedule: Schedule
    link: ListenerLink
    mesh: dict[str, RTCPeerConnection] = field(default_factory=dict)
    mesh_times: list[float] = field(default_factory=list)


def schedule_for(rng: random.Random, seconds: float) -> Schedule:
    out: Schedule = [("silence", rng.uniform(0, 2))]
    total = out[0][1]
    while total < seconds:
        talk, pause = rng.uniform(1, 4), rng.uniform(1, 3)
        out += [("tone", talk), ("silence", pause)]
        total += talk + pause
    return out


def sent_seconds(schedule: Schedule, until: float) -> float:
    t, out = 0.0, 0.0
    for kind, secs in schedule:
        if t >= until:
            break
        if kind == "tone":
            out += min(secs, until - t)
        t += secs
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


async def join(url: str, token: str, name: str) -> tuple[socketio.AsyncClient, str]:
    sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)
    await sio.connect(url, auth={"v": PROTOCOL_VERSION, "token": token}, transports=["websocket"], wait_timeout=20)
    ack = await sio.call("join", {"name": name}, timeout=20)
    if not ack.get("ok"):
        raise RuntimeError(f"join refused: {ack}")
    return sio, str(ack["me"]["id"])


async def mesh_offer(me: Speaker, other: Speaker, track: Any) -> None:
    """The later speaker calls the earlier one (audio only), as browsers do in the mesh."""
    pc = me.mesh[other.member_id] = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTrack(track)
    started = time.monotonic()

    @pc.on("connectionstatechange")
    async def on_state() -> None:
        if pc.connectionState == "connected":
            me.mesh_times.append(time.monotonic() - started)

    await pc.setLocalDescription(await pc.createOffer())
    payload = {"type": "offer", "sdp": pc.localDescription.sdp}
    await me.sio.call("signal", {"to": other.member_id, "kind": "offer", "session": "load", "payload": payload})


async def mesh_signal(me: Speaker, msg: dict[str, Any], track: Any) -> None:
    data, frm = msg.get("data", {}), msg.get("member_id", "")
    if data.get("kind") == "offer":
        pc = me.mesh[frm] = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTrack(track)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=data["payload"]["sdp"], type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        answer = {"type": "answer", "sdp": pc.localDescription.sdp}
        await me.sio.call("signal", {"to": frm, "kind": "answer", "session": "load", "payload": answer})
    elif data.get("kind") == "answer" and frm in me.mesh:
        await me.mesh[frm].setRemoteDescription(RTCSessionDescription(sdp=data["payload"]["sdp"], type="answer"))


async def run_media(cfg: MediaConfig) -> dict[str, Any]:
    rng = random.Random(cfg.seed)
    headers = {"Authorization": f"Bearer {cfg.api_key}"} if cfg.api_key else {}
    start_at = time.time() + LEAD + cfg.rooms * cfg.peers * 0.2
    facilitators: list[socketio.AsyncClient] = []
    measured: dict[str, float] = {}
    speakers: list[Speaker] = []
    async with aiohttp.ClientSession() as http:
        for r in range(cfg.rooms):
            url = cfg.urls[r % len(cfg.urls)]
            async with http.post(f"{url}/api/rooms", json={"capacity": cfg.peers + 1}, headers=headers) as resp:
                room = await resp.json()
            fac, _ = await join(url, room["tokens"]["facilitator"], f"fac-{r}")

            def on_event(data: Any) -> None:
                if data["type"] == "SpeechMeasured":
                    for m, d in data["data"].get("speakers", {}).items():
                        measured[m] = measured.get(m, 0.0) + d["seconds"]

            fac.on("event", on_event)
            facilitators.append(fac)
            in_room: list[Speaker] = []
            for i in range(cfg.peers - 1):
                purl = cfg.urls[(r + i + 1) % len(cfg.urls)]
                sio, member_id = await join(purl, room["tokens"]["participant"], f"p-{r}-{i}")
                schedule = schedule_for(rng, cfg.duration)
                voice = ScheduledVoice(schedule, hz=220 + 55 * i, start=start_at)
                sp = Speaker(sio, member_id, schedule, ListenerLink(voice, sio.call))

                async def on_relay(msg: Any, sp: Speaker = sp, voice: ScheduledVoice = voice) -> None:
                    if msg.get("type") == "signal" and msg.get("member_id") != "listener":
                        await mesh_signal(sp, msg, voice)
                    else:
                        await sp.link.on_relay(msg)

                sio.on("relay", on_relay)
                await sp.link.offer()
                if cfg.mesh:
                    for earlier in in_room:
                        await mesh_offer(sp, earlier, voice)
                in_room.append(sp)
            speakers += in_room
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(s.link.connected.wait() for s in speakers)), 30)
    await asyncio.sleep(max(0.0, start_at - time.time()) + cfg.duration)
    voices = [s.link.track for s in speakers if isinstance(s.link.track, ScheduledVoice)]
    give_up = time.monotonic() + 60
    # A starved load process sends late: wait for what it actually said.
    while any(v.said_until < cfg.duration for v in voices) and time.monotonic() < give_up:  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    for v in voices:  # the schedules go on: stop them so the truth ends here
        v.muted = True
    settled, last = time.monotonic(), dict(measured)
    while time.monotonic() - settled < 3.0 and time.monotonic() < give_up:  # the last windows
        await asyncio.sleep(0.2)
        if measured != last:
            settled, last = time.monotonic(), dict(measured)
    rows = []
    for s in speakers:
        sent = sent_seconds(s.schedule, cfg.duration)
        rows.append(
            {"member": s.member_id, "sent": round(sent, 2), "measured": round(measured.get(s.member_id, 0.0), 2)}
        )
    negotiations = [t for s in speakers for t in s.link.negotiations]
    mesh_times = [t for s in speakers for t in s.mesh_times]
    total_sent = sum(r["sent"] for r in rows)
    total_measured = sum(r["measured"] for r in rows)
    report = {
        "speakers": len(speakers),
        "connected": len(negotiations),
        "negotiation_ms": {"p50": percentile(negotiations, 0.5) * 1000, "p99": percentile(negotiations, 0.99) * 1000},
        "mesh_negotiation_ms": {"p50": percentile(mesh_times, 0.5) * 1000, "p99": percentile(mesh_times, 0.99) * 1000}
        if cfg.mesh
        else None,
        "sent_seconds": round(total_sent, 2),
        "measured_seconds": round(total_measured, 2),
        "measured_vs_sent": round(total_measured / total_sent, 3) if total_sent else None,
        "per_speaker": rows,
    }
    for s in speakers:
        await s.link.close()
        for pc in s.mesh.values():
            await pc.close()
        await s.sio.disconnect()
    for fac in facilitators:
        await fac.disconnect()
    return report


def print_report(report: dict[str, Any]) -> None:
    n = report["negotiation_ms"]
    print(f"speakers {report['speakers']}, connected to the listener {report['connected']}")
    print(f"negotiation with the listener: p50 {n['p50']:.0f} ms, p99 {n['p99']:.0f} ms")
    if report["mesh_negotiation_ms"]:
        m = report["mesh_negotiation_ms"]
        print(f"negotiation peer to peer: p50 {m['p50']:.0f} ms, p99 {m['p99']:.0f} ms")
    print(
        f"speaking time: sent {report['sent_seconds']:.1f} s, measured {report['measured_seconds']:.1f} s "
        f"(ratio {report['measured_vs_sent']})"
    )
