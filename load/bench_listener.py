"""CPU the room's listener costs per participant it hears (target: <= 1.7 % of a core each).

    .venv/bin/python -m load.bench_listener --peers 4 8 --seconds 20

Starts `peergroup serve` as a child process, then for each count N: one room, N aiortc peers
(in this process, so their Opus encoding is not counted) that join and send a talk schedule (2 s
tone, 1 s silence) to the listener. The server's CPU time (user + system, every thread: aiortc's
decoders, SRTP, the event loop, the voice detector, the room's writer) is read from /proc over the
measurement, minus an idle baseline, and divided by N. Also prints measured vs sent speaking time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
import socketio

from load.media import ListenerLink, Schedule, ScheduledVoice, spoken_seconds
from protocol import PROTOCOL_VERSION

TALK: Schedule = [("tone", 2.0), ("silence", 1.0)] * 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def member(url: str, token: str, name: str) -> tuple[socketio.AsyncClient, dict[str, Any]]:
    sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)
    await sio.connect(url, auth={"v": PROTOCOL_VERSION, "token": token}, transports=["websocket"], wait_timeout=20)
    ack = await sio.call("join", {"name": name}, timeout=20)
    return sio, ack


async def one_run(
    url: str, pid: int, peers: int, seconds: float, profile: str | None = None, ptime: bool = True, record: bool = False
) -> dict[str, float]:
    async with aiohttp.ClientSession() as s, s.post(f"{url}/api/rooms", json={"capacity": peers + 2}) as r:
        room = await r.json()
    fac, _ = await member(url, room["tokens"]["facilitator"], "fac")
    measured: dict[str, float] = {}
    unanalysed = [0.0]

    def on_event(data: Any) -> None:
        if data["type"] == "SpeechMeasured":
            unanalysed[0] += data["data"].get("unanalysed", 0.0)
            for m, d in data["data"].get("speakers", {}).items():
                measured[m] = measured.get(m, 0.0) + d["seconds"]

    fac.on("event", on_event)
    links: list[ListenerLink] = []
    socks: list[socketio.AsyncClient] = [fac]
    ids = []
    start_at = time.time() + 3 + peers * 0.3
    for i in range(peers):
        sio, ack = await member(url, room["tokens"]["participant"], f"p{i}")
        link = ListenerLink(ScheduledVoice(TALK, hz=300 + 40 * i, start=start_at), sio.call, honour_ptime=ptime)
        sio.on("relay", link.on_relay)
        await link.offer()
        links.append(link)
        socks.append(sio)
        ids.append(ack["me"]["id"])
    await asyncio.gather(*(asyncio.wait_for(link.connected.wait(), 30) for link in links))
    if record:  # every peer's audio decoded and written
        assert (await fac.call("start_recording", {}, timeout=20))["ok"]
    await asyncio.sleep(max(0.0, start_at - time.time()))
    spy = None
    if profile:  # py-spy on the server for the measured stretch (its own CPU is not the server's)
        spy_cmd = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds)), "--format", "raw"]
        spy_cmd += ["--threads", "--nonblocking", "--rate", "200", "-o", f"{profile}-{peers}.txt"]
        py_spy = os.path.join(os.path.dirname(sys.executable), spy_cmd[0])
        spy = await asyncio.create_subprocess_exec(py_spy, *spy_cmd[1:])
    cpu0, t0 = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    cpu1, t1 = cpu_seconds(pid), time.monotonic()
    if spy is not None:
        await spy.wait()
    # What the peers actually said (a starved benchmark process sends behind wall time).
    voices = [link.track for link in links if isinstance(link.track, ScheduledVoice)]
    said = [spoken_seconds(_until(TALK, v.said_until)) - spoken_seconds(_until(TALK, v.said_from)) for v in voices]
    sent = sum(said) / len(said)
    for link in links:  # the listener ends what they were saying now, in its next window
        await link.close()
    await asyncio.sleep(2.5)  # that window (1 s, half a second behind) and its event
    for sio in socks:
        await sio.disconnect()
    got = [measured.get(m, 0.0) for m in ids]
    return {
        "cpu_share": (cpu1 - cpu0) / (t1 - t0),
        "measured_mean": sum(got) / len(got) if got else 0.0,
        "unanalysed": unanalysed[0],
        "sent": sent,
        "negotiation_p50": sorted(x for link in links for x in link.negotiations)[len(links) // 2],
    }


def _until(schedule: Schedule, seconds: float) -> Schedule:
    out, t = [], 0.0
    for kind, secs in schedule:
        if t >= seconds:
            break
        out.append((kind, min(secs, seconds - t)))
        t += secs
    return out


def start_server(port: int, source: str | None = None) -> subprocess.Popen[bytes]:
    """`peergroup serve`, from this checkout or from `source` (another checkout of the code)."""
    data = tempfile.mkdtemp(prefix="bench-listener-")
    env = {**os.environ, "PEERGROUP_SECRET": secrets.token_urlsafe(40)}
    cmd = [sys.executable, "-m", "server", "serve", "--port", str(port), "--data-dir", data, "--log-level", "warning"]
    return subprocess.Popen(cmd, env=env, cwd=source)


async def ready(url: str) -> None:
    async with aiohttp.ClientSession() as s:
        for _ in range(600):
            try:
                async with s.get(f"{url}/readyz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


async def bench(
    peer_counts: list[int],
    seconds: float,
    profile: str | None = None,
    baseline: str | None = None,
    variants: tuple[str, ...] = (),
) -> None:
    """Each count on this code's server and, with `baseline`, right after on the baseline's: side
    by side in one run, on the same machine load."""
    servers: list[tuple[str, subprocess.Popen[bytes], str]] = []
    try:
        for name, source in [("this", None), *([("baseline", baseline)] if baseline else [])]:
            port = free_port()
            servers.append((name, start_server(port, source), f"http://127.0.0.1:{port}"))
        for _, _, url in servers:
            await ready(url)
        await asyncio.sleep(5.0)  # the node imports aiortc in a thread once ready: not idle yet
        idle: dict[str, float] = {}
        for name, proc, _ in servers:
            cpu0 = cpu_seconds(proc.pid)
            await asyncio.sleep(seconds / 2)
            idle[name] = (cpu_seconds(proc.pid) - cpu0) / (seconds / 2)
            print(f"idle server ({name}): {idle[name] * 100:.2f} % of a core")
        head = ["server", "peers", "server CPU", "per peer", "sent s", "measured s", "unanalysed s", "negotiation p50"]
        head.append("load avg")
        widths = (8, 5, 11, 9, 7, 11, 13, 16, 9)
        print(" ".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True)))
        for n in peer_counts:
            per: dict[str, float] = {}
            runs = [(name, proc, url, True, False) for name, proc, url in servers]
            this = servers[0]
            if "20ms" in variants:  # peers that keep 20 ms packets whatever the answer asks (Firefox)
                runs.append(("20 ms", this[1], this[2], False, False))
            if "recording" in variants:
                runs.append(("rec", this[1], this[2], True, True))
            for name, proc, url, ptime, record in runs:
                idle.setdefault(name, idle["this"])
                r = await one_run(url, proc.pid, n, seconds, profile and f"{profile}-{name}", ptime, record)
                per[name] = (r["cpu_share"] - idle[name]) / n * 100
                print(
                    f"{name:>8} {n:>5} {r['cpu_share'] * 100:>10.1f}% {per[name]:>8.2f}% {r['sent']:>7.1f}"
                    f" {r['measured_mean']:>11.1f} {r['unanalysed']:>13.1f} {r['negotiation_p50'] * 1000:>13.0f} ms"
                    f" {os.getloadavg()[0]:>9.1f}"
                )
            if "baseline" in per and per["this"] > 0:
                print(f"{'':>8} {n:>5} baseline / this, per peer: {per['baseline'] / per['this']:.2f}x")
    finally:
        for _, proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peers", type=int, nargs="+", default=[4, 8])
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--profile", help="py-spy the server while measuring: raw stacks to PROFILE-<server>-<peers>.txt")
    p.add_argument("--baseline", help="a checkout of other code (git worktree add ...) to measure side by side")
    p.add_argument(
        "--also",
        nargs="*",
        default=[],
        choices=["20ms", "recording"],
        help="also measure this code with peers sending 20 ms packets, or while recording everyone",
    )
    ns = p.parse_args()
    print(f"load average before: {os.getloadavg()}")
    asyncio.run(bench(ns.peers, ns.seconds, ns.profile, ns.baseline, tuple(ns.also)))
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
