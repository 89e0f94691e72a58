"""Is python-socketio's AsyncClient too heavy for the load tool? Measure it against load.wire.LeanSocket.

    python -m load.bench_client --url http://127.0.0.1:8080 --rooms 40 --peers 5

For each client kind, in a fresh process: join rooms x peers members, then one member per room
renames itself 10 times a second for 5 s. Prints memory per connected member, join time, and the
load process's CPU time per event received (what limits how many members one process can hold).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from typing import Any

import aiohttp

from load.wire import LeanSocket
from protocol import PROTOCOL_VERSION

SENDS_PER_SECOND = 10
SECONDS = 5.0


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


async def create_rooms(url: str, n: int, peers: int) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as s:
        rooms = []
        for _ in range(n):
            async with s.post(f"{url}/api/rooms", json={"capacity": max(2, peers)}) as r:
                rooms.append(await r.json())
        return rooms


class Counted:
    received = 0


async def stock_member(url: str, token: str, name: str) -> Any:
    import socketio

    sio = socketio.AsyncClient(serializer="msgpack", reconnection=False)

    def on_event(data: Any) -> None:
        Counted.received += 1

    sio.on("event", on_event)
    sio.on("snapshot", lambda data: None)
    await sio.connect(url, auth={"v": PROTOCOL_VERSION, "token": token}, transports=["websocket"], wait_timeout=10)
    await sio.call("join", {"name": name}, timeout=10)

    async def rename(n: int) -> None:
        await sio.emit("rename", {"name": f"{name} {n}"})

    return sio, rename


async def lean_member(url: str, token: str, name: str, session: aiohttp.ClientSession) -> Any:
    def on_event(event: str, data: Any, now: float) -> None:
        if event == "event":
            Counted.received += 1

    sock = LeanSocket(session, on_event, lambda: None)
    await sock.connect(url, {"v": PROTOCOL_VERSION, "token": token})
    joined = asyncio.get_running_loop().create_future()
    await sock.emit("join", {"name": name}, lambda reply, now: joined.set_result(reply))
    await joined

    async def rename(n: int) -> None:
        await sock.emit("rename", {"name": f"{name} {n}"})

    return sock, rename


async def measure(kind: str, url: str, rooms_n: int, peers: int) -> dict[str, Any]:
    rooms = await create_rooms(url, rooms_n, peers)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    before = rss_mb()
    started = time.monotonic()
    members = []
    for r, room in enumerate(rooms):
        for p in range(peers):
            role = "facilitator" if p == 0 else "participant"
            name = f"m{r}-{p}"
            if kind == "stock":
                members.append(await stock_member(url, room["tokens"][role], name))
            else:
                members.append(await lean_member(url, room["tokens"][role], name, session))
    joined_s = time.monotonic() - started
    after = rss_mb()
    senders = [members[r * peers][1] for r in range(rooms_n)]
    await asyncio.sleep(1.0)
    Counted.received = 0
    cpu0 = time.process_time()
    t0 = time.monotonic()
    n = 0
    while time.monotonic() - t0 < SECONDS:
        await asyncio.gather(*(send(n) for send in senders))
        n += 1
        await asyncio.sleep(1 / SENDS_PER_SECOND)
    await asyncio.sleep(1.0)
    cpu = time.process_time() - cpu0
    result = {
        "client": kind,
        "members": rooms_n * peers,
        "rss_mb_per_member": round((after - before) / (rooms_n * peers), 3),
        "join_all_s": round(joined_s, 2),
        "events_received": Counted.received,
        "cpu_us_per_event": round(cpu / max(1, Counted.received) * 1e6, 1),
    }
    for m in members:
        await (m[0].disconnect() if kind == "stock" else m[0].close())
    await session.close()
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--url", required=True)
    p.add_argument("--rooms", type=int, default=40)
    p.add_argument("--peers", type=int, default=5)
    p.add_argument("--kind", choices=["stock", "lean"])
    ns = p.parse_args()
    if ns.kind:
        print(json.dumps(asyncio.run(measure(ns.kind, ns.url, ns.rooms, ns.peers))))
        return
    for kind in ("stock", "lean"):
        args = [sys.executable, "-m", "load.bench_client", "--url", ns.url, "--rooms", str(ns.rooms)]
        out = subprocess.run([*args, "--peers", str(ns.peers), "--kind", kind], capture_output=True, text=True)
        print(out.stdout.strip() or out.stderr[-2000:])


if __name__ == "__main__":
    main()
