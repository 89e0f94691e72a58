"""One load worker: creates its rooms, joins participants and fires scenario steps on a fixed plan.

The plan is open loop (as wrk2 and Gil Tene's "coordinated omission" argue): participant i of the
whole run joins at i / ramp seconds, and each room's scenario steps have fixed times after the
room filled. The scheduler never waits for an ack or a join to finish before the next action, so
a slow server gets the same load and shows it as latency. How late the scheduler itself fires
(`schedule_lag`) and how late its event loop wakes (`loop_lag`) are reported as the tool's own
overhead, with its CPU%, so they are never mistaken for the server's.

Rooms are never split across workers: all members of a room share one process and one clock.
"""

from __future__ import annotations

import asyncio
import heapq
import random
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from load.metrics import Recorder
from load.participant import Participant
from load.room import LoadRoom
from load.scenarios import SCENARIOS, Scenario, Step

INTERVAL = 1.0
LAG_PROBE = 0.02
#: members of a room are all planned in before its scenario starts; then give them this long
SETTLE = 1.0

Emit = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class WorkerPlan:
    """What one worker runs (picklable: it crosses into a worker process)."""

    worker: int
    urls: list[str]
    rooms: list[int]
    total_rooms: int
    peers: int
    duration: float
    ramp: float
    scenario: str
    rate: float
    seed: int
    api_key: str | None = None
    drain: float = 10.0

    def join_at(self, room: int, who: int) -> float:
        return (room * self.peers + who) / self.ramp

    def room_start(self, room: int) -> float:
        return self.join_at(room, self.peers - 1) + SETTLE

    @property
    def end(self) -> float:
        return self.total_rooms * self.peers / self.ramp + SETTLE + self.duration


def raise_fd_limit() -> None:
    """Thousands of sockets need thousands of file descriptors: take the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def create_room(session: aiohttp.ClientSession, url: str, peers: int, api_key: str | None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    body = {"title": "load test", "capacity": max(2, min(64, peers))}
    async with session.post(f"{url.rstrip('/')}/api/rooms", json=body, headers=headers) as r:
        data: dict[str, Any] = await r.json()
        if r.status != 201:
            raise RuntimeError(f"POST {url}/api/rooms: {r.status} {data}")
        return data


async def poll_until(done: Callable[[], bool], deadline: float) -> None:
    """Wait until `done()` or the deadline; polled, as the condition spans every room of the worker."""
    while time.monotonic() < deadline:
        if done():
            return
        await asyncio.sleep(0.05)


class Worker:
    def __init__(self, plan: WorkerPlan, emit: Emit) -> None:
        self.plan = plan
        self.emit = emit
        self.rec = Recorder()
        self.scenario: Scenario = SCENARIOS[plan.scenario](rate=plan.rate)
        self.rooms: list[LoadRoom] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._t0 = 0.0
        self._running = True

    async def run(self, go: Callable[[], Awaitable[float]]) -> None:
        """Create the rooms, wait for `go()` (the wall-clock start), run the plan, drain, report."""
        raise_fd_limit()
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        async with aiohttp.ClientSession(connector=connector) as session:
            await self._create_rooms(session)
            self.emit({"kind": "ready", "worker": self.plan.worker, "rooms": len(self.rooms)})
            start_wall = await go()
            self._t0 = time.monotonic() + (start_wall - time.time())
            ticker = asyncio.create_task(self._tick())
            prober = asyncio.create_task(self._probe_lag())
            try:
                await self._schedule()
                await self._drain()
            finally:
                self._running = False
                for p in (p for room in self.rooms for p in room.participants):
                    p.stopping = True
                await ticker
                prober.cancel()
                self._emit_interval()
                self.emit({"kind": "final", "worker": self.plan.worker})
                await asyncio.gather(*(p.close() for room in self.rooms for p in room.participants))
                for t in list(self._tasks):
                    t.cancel()

    async def _create_rooms(self, session: aiohttp.ClientSession) -> None:
        plan = self.plan
        gate = asyncio.Semaphore(16)
        roles = self.scenario.roles(plan.peers)

        async def one(r: int) -> None:
            url = plan.urls[r % len(plan.urls)]
            async with gate:
                try:
                    made = await create_room(session, url, plan.peers, plan.api_key)
                except (aiohttp.ClientError, RuntimeError, OSError) as exc:
                    self.rec.error(f"create_room:{type(exc).__name__}")
                    return
            room = LoadRoom(r, made["room_id"], made["tokens"], self.rec)
            for who, role in enumerate(roles):
                # Members of one room spread over all URLs: fan-out crosses nodes.
                member_url = plan.urls[(r * plan.peers + who) % len(plan.urls)]
                room.participants.append(Participant(room, who, role, member_url, session, self.rec))
            self.rooms.append(room)

        await asyncio.gather(*(one(r) for r in plan.rooms))
        self.rooms.sort(key=lambda room: room.index)

    # -- the open-loop plan ---------------------------------------------------------------------

    async def _schedule(self) -> None:
        plan = self.plan
        rng = random.Random(plan.seed * 100_003 + plan.worker)
        heap: list[tuple[float, int, Any]] = []
        n = 0
        for room in self.rooms:
            for p in room.participants:
                heap.append((plan.join_at(room.index, p.index), n, p))
                n += 1
            start = plan.room_start(room.index)
            steps = sorted(self.scenario.steps(plan.peers, plan.end - start, rng), key=lambda s: s.at)
            if steps:
                heap.append((start + steps[0].at, n, (room, steps, 0, start)))
                n += 1
        heapq.heapify(heap)
        end = self._t0 + plan.end
        while heap:
            at, _, item = heap[0]
            planned = self._t0 + at
            if planned >= end:
                break
            delay = planned - time.monotonic()
            if delay > 0.0005:
                await asyncio.sleep(delay)
                continue
            heapq.heappop(heap)
            if isinstance(item, Participant):
                self.rec.count("joins_planned")
                self.rec.latency("schedule_lag", time.monotonic() - planned)
                self._spawn(item.join())
                continue
            room, steps, i, start = item
            step: Step = steps[i]
            cmd = step.make(room)
            if cmd is not None:
                await room.participants[step.who].send(cmd, planned)
            if i + 1 < len(steps):
                n += 1
                heapq.heappush(heap, (start + steps[i + 1].at, n, (room, steps, i + 1, start)))
        delay = end - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self) -> None:
        """Stop sending; wait for outstanding acks, then for every member to reach its room's last seq."""
        deadline = time.monotonic() + self.plan.drain
        await poll_until(lambda: not any(room.inflight for room in self.rooms), deadline)
        unanswered = sum(room.inflight for room in self.rooms)
        if unanswered:
            self.rec.count("ack_timeouts", unanswered)
        finals = {room.index: room.max_seq for room in self.rooms}
        await poll_until(lambda: not any(room.behind(finals[room.index]) for room in self.rooms), deadline)
        for room in self.rooms:
            room.count_tail_losses(finals[room.index])

    # -- measuring the tool itself --------------------------------------------------------------

    async def _probe_lag(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(LAG_PROBE)
            self.rec.latency("loop_lag", time.monotonic() - before - LAG_PROBE)

    async def _tick(self) -> None:
        self._cpu = time.process_time()
        self._wall = time.monotonic()
        next_at = self._t0 + INTERVAL
        while self._running:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            next_at += INTERVAL
            if not self._running:
                break
            self._emit_interval()
            now = time.monotonic()
            for room in self.rooms:
                room.prune(now)

    def _emit_interval(self) -> None:
        now = time.monotonic()
        cpu = time.process_time()
        wall = now - self._wall
        msg = self.rec.cut()
        msg.update(
            kind="interval",
            worker=self.plan.worker,
            t=round(now - self._t0 - INTERVAL / 2),
            cpu_percent=round(100.0 * (cpu - self._cpu) / wall, 1) if wall > 0 else 0.0,
            rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            connected=sum(1 for room in self.rooms for p in room.participants if p.connected),
        )
        self._cpu, self._wall = cpu, now
        self.emit(msg)
