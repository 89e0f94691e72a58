"""Room-event fan-out across nodes: peergroup's per-room channels vs python-socketio's AsyncRedisManager.

Starts its own redis-server (free port, AOF everysec like production), two peergroup nodes, and
two minimal aiohttp + python-socketio nodes whose `client_manager` is the stock AsyncRedisManager.
In each system the same rooms carry the same traffic: in every room one speaker on node A sends a
message at a fixed rate (open loop) and the members on node A (same node) and node B (other
node) receive it. The latency of a delivery is receipt time minus send time, both read from this
process's monotonic clock (the send time travels inside the message), recorded in an HDR histogram.

peergroup does more per message than the baseline: it decides, appends to the room's Redis Stream
(durable, fenced) and acknowledges; the baseline only relays. The baseline publishes every room's
traffic on one channel that every node must read and decode; peergroup publishes per room, and a
node reads only the rooms its sockets follow.

    python load/bench_fanout.py --rooms 20 --members 6 --rate 5 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio
from hdrh.histogram import HdrHistogram

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-" + "x" * 40
AOF = ["--appendonly", "yes", "--appendfsync", "everysec"]  # the production settings of docs/cluster.md
SERVE = [sys.executable, "-m", "server", "serve"]


def profiled(i: int) -> list[str]:
    """BENCH_PROFILE=FILE: run node A under cProfile (stats written to FILE when it exits)."""
    target = os.environ.get("BENCH_PROFILE")
    return [sys.executable, "-m", "cProfile", "-o", target] if target and i == 0 else [sys.executable]


def quiet(i: int) -> list[str]:
    return ["--node-id", f"bench-{i}", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def now_us() -> int:
    return time.perf_counter_ns() // 1000


@dataclass
class Figures:
    same: HdrHistogram = field(default_factory=lambda: HdrHistogram(1, 60_000_000, 3))
    cross: HdrHistogram = field(default_factory=lambda: HdrHistogram(1, 60_000_000, 3))
    sent: int = 0
    delivered: int = 0
    #: only messages sent inside the measured window count, wherever they are received
    window: tuple[int, int] = (1 << 62, 0)

    def record(self, same_node: bool, sent_us: int) -> None:
        if self.window[0] <= sent_us < self.window[1]:
            (self.same if same_node else self.cross).record_value(max(1, now_us() - sent_us))
            self.delivered += 1


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the baseline: stock python-socketio with AsyncRedisManager ----------------------------------


def serve_baseline(port: int, redis_url: str) -> None:
    """A minimal node: sockets join rooms, a speaker's message is emitted to its room via Redis."""
    from aiohttp import web

    mgr = socketio.AsyncRedisManager(redis_url)
    sio = socketio.AsyncServer(async_mode="aiohttp", serializer="msgpack", client_manager=mgr)
    app = web.Application()
    sio.attach(app)

    @sio.on("enter")  # type: ignore[untyped-decorator]
    async def enter(sid: str, room: str) -> bool:
        await sio.enter_room(sid, room)
        return True

    @sio.on("say")  # type: ignore[untyped-decorator]
    async def say(sid: str, data: dict[str, Any]) -> bool:
        await sio.emit("said", data, room=data["room"])
        return True

    async def readyz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/readyz", readyz)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


# -- processes ----------------------------------------------------------------------------------


class Processes:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def spawn(self, args: list[str], name: str, env: dict[str, str] | None = None) -> None:
        log = open(self.tmp / f"{name}.log", "ab")
        self.procs.append(
            subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        )

    async def ready(self, url: str) -> None:
        async with aiohttp.ClientSession() as s:
            for _ in range(300):
                with contextlib.suppress(aiohttp.ClientError):
                    async with s.get(f"{url}/readyz") as r:
                        if r.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise TimeoutError(url)

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


# -- the two systems under the same traffic -----------------------------------------------------


async def peergroup_rooms(
    urls: list[str], args: argparse.Namespace, figures: Figures, clients: list[Any]
) -> list[tuple[Any, str]]:
    """Rooms created on node A (so A owns them); speakers on A; members split over A and B,
    or all on A for the `--local-rooms` (traffic node B has no business reading)."""
    speakers = []
    async with aiohttp.ClientSession() as s:
        for r in range(args.rooms + args.local_rooms):
            spread = r < args.rooms
            async with s.post(f"{urls[0]}/api/rooms", json={"title": f"bench {r}"}) as resp:
                room = await resp.json()
            speaker = await pg_member(urls[0], room["tokens"]["facilitator"], "speaker", None, figures)
            clients.append(speaker)
            for m in range(args.members - 1):
                node = m % 2 if spread else 0
                token = room["tokens"]["participant"]
                measured = node == 0 if spread else None
                clients.append(await pg_member(urls[node], token, f"m{m}", measured, figures))
            speakers.append((speaker, room["room_id"]))
    return speakers


async def pg_member(url: str, token: str, name: str, same_node: bool | None, figures: Figures) -> Any:
    sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)
    if same_node is not None:

        @sio.on("event")  # type: ignore[untyped-decorator]
        def on_event(data: dict[str, Any]) -> None:
            if data["type"] == "MemberRenamed" and data["data"]["name"].startswith("t"):
                figures.record(same_node, int(data["data"]["name"][1:]))

    await sio.connect(url, auth={"v": 1, "token": token}, transports=["websocket"])
    ack = await sio.call("join", {"name": name})
    assert ack["ok"], ack
    return sio


async def pg_say(speaker: Any, room: str) -> None:
    await speaker.call("rename", {"name": f"t{now_us()}"})


async def baseline_rooms(
    urls: list[str], args: argparse.Namespace, figures: Figures, clients: list[Any]
) -> list[tuple[Any, str]]:
    speakers = []
    for r in range(args.rooms + args.local_rooms):
        spread = r < args.rooms
        room = f"room-{r}"
        speakers.append((await bl_member(urls[0], room, None, figures), room))
        clients.append(speakers[-1][0])
        for m in range(args.members - 1):
            node = m % 2 if spread else 0
            measured = node == 0 if spread else None
            clients.append(await bl_member(urls[node], room, measured, figures))
    return speakers


async def bl_member(url: str, room: str, same_node: bool | None, figures: Figures) -> Any:
    sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)
    if same_node is not None:

        @sio.on("said")  # type: ignore[untyped-decorator]
        def on_said(data: dict[str, Any]) -> None:
            figures.record(same_node, data["t"])

    await sio.connect(url, transports=["websocket"])
    await sio.call("enter", room)
    return sio


async def bl_say(speaker: Any, room: str) -> None:
    await speaker.call("say", {"room": room, "t": now_us()})


async def drive(speakers: list[tuple[Any, str]], say: Any, args: argparse.Namespace, figures: Figures) -> None:
    """Open loop: each room's speaker sends at `rate` per second, offsets spread over the period."""
    period = 1.0 / args.rate
    loop = asyncio.get_running_loop()
    inflight: set[asyncio.Task[None]] = set()

    async def speak(i: int, speaker: Any, room: str, until: float, counted: bool) -> None:
        t = loop.time() + period * i / len(speakers)
        while t < until:
            await asyncio.sleep(max(0.0, t - loop.time()))
            task = asyncio.create_task(say(speaker, room))
            inflight.add(task)
            task.add_done_callback(inflight.discard)
            if counted and i < args.rooms:
                figures.sent += 1
            t += period

    warm_until = loop.time() + args.warmup
    await asyncio.gather(*(speak(i, s, r, warm_until, False) for i, (s, r) in enumerate(speakers)))
    started = loop.time()
    figures.window = (now_us(), now_us() + int(args.seconds * 1e6))
    await asyncio.gather(*(speak(i, s, r, started + args.seconds, True) for i, (s, r) in enumerate(speakers)))
    await asyncio.sleep(1.0)  # let the last deliveries land
    if inflight:
        await asyncio.gather(*inflight, return_exceptions=True)


def report(name: str, f: Figures, seconds: float, per_room: int, cpu: list[float], cpu_window: float) -> str:
    def ms(h: HdrHistogram, p: float) -> str:
        return f"{h.get_value_at_percentile(p) / 1000:.2f}" if h.get_total_count() else "-"

    expected = f.sent * per_room
    load = " / ".join(f"{100 * c / cpu_window:.0f}%" for c in cpu)
    return (
        f"| {name} | {ms(f.same, 50)} | {ms(f.same, 99)} | {ms(f.cross, 50)} | {ms(f.cross, 99)} "
        f"| {f.delivered / seconds:,.0f} | {f.delivered}/{expected} | {load} |"
    )


async def run(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    procs = Processes(tmp)
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    redis_server = shutil.which("redis-server") or "redis-server"
    procs.spawn(
        [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", *AOF, "--dir", str(tmp)],
        "redis",
    )
    pg = [free_port(), free_port()]

    def cluster(i: int) -> list[str]:
        return ["--redis-url", redis_url, *quiet(i)]

    bl = [free_port(), free_port()]
    for i, port in enumerate(pg):
        procs.spawn(
            [*profiled(i), *SERVE[1:], "--port", str(port), "--data-dir", str(tmp / f"pg{i}"), *cluster(i)],
            f"peergroup-{i}",
            {"PEERGROUP_SECRET": SECRET},
        )
    for i, port in enumerate(bl):
        procs.spawn([sys.executable, __file__, "--serve-baseline", str(port), redis_url], f"baseline-{i}")
    clients: list[Any] = []
    try:
        await asyncio.sleep(0.3)
        for port in pg + bl:
            await procs.ready(f"http://127.0.0.1:{port}")
        receivers = args.rooms * (args.members - 1)
        rows = []
        redis_pid = procs.procs[0].pid
        for name, setup, say, ports, pids in (
            ("peergroup (per-room channels, Stream log)", peergroup_rooms, pg_say, pg, procs.pids[1:3]),
            ("python-socketio AsyncRedisManager", baseline_rooms, bl_say, bl, procs.pids[3:5]),
        ):
            figures = Figures()
            speakers = await setup([f"http://127.0.0.1:{p}" for p in ports], args, figures, clients)
            watched = [*pids, redis_pid]
            before = [cpu_seconds(pid) for pid in watched] + [time.process_time()]
            await drive(speakers, say, args, figures)
            cpu = [cpu_seconds(pid) - b for pid, b in zip(watched, before, strict=False)]
            cpu.append(time.process_time() - before[-1])
            rows.append(report(name, figures, args.seconds, args.members - 1, cpu, args.seconds + 1.0))
            if os.environ.get("BENCH_METRICS") and setup is peergroup_rooms:
                async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{pg[0]}/metrics") as r:
                    print("\n".join(line for line in (await r.text()).splitlines() if "command_seconds" in line))
            for c in list(clients):
                await c.disconnect()
            clients.clear()
        print(f"\n{args.rooms} rooms x {args.members} members ({receivers} measured receivers, half on each node)")
        print(f"+ {args.local_rooms} rooms with all members on node A (traffic node B need not read);")
        print(f"{args.rate} messages/s per room for {args.seconds} s after {args.warmup} s warm-up\n")
        print(
            "| system | same-node p50 ms | same-node p99 ms | cross-node p50 ms | cross-node p99 ms "
            "| deliveries/s | delivered/expected | CPU node A / node B / redis / bench clients |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for row in rows:
            print(row)
    finally:
        for c in clients:
            with contextlib.suppress(Exception):
                await c.disconnect()
        procs.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-baseline":
        serve_baseline(int(sys.argv[2]), sys.argv[3])
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rooms", type=int, default=20, help="rooms with members on both nodes (measured)")
    p.add_argument("--local-rooms", type=int, default=0, help="extra rooms with all members on node A")
    p.add_argument("--members", type=int, default=6, help="per room, the speaker included")
    p.add_argument("--rate", type=float, default=5.0, help="messages per second per room")
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--warmup", type=float, default=3.0)
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()
