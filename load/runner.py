"""Run a load test on K workers: split the rooms, start together, merge what they report.

With one worker everything runs in this process's event loop. With K > 1, each worker is a
separate process (multiprocessing, spawn) running its share of the rooms (room r goes to worker
r mod K, so arrival stays interleaved); they report 1-second intervals through a queue, wait at a
common start signal once their rooms exist, and this process merges and displays.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from load.report import Aggregate
from load.worker import SETTLE, Worker, WorkerPlan

#: workers start this long after the last one has created its rooms
START_DELAY = 0.5


@dataclass(frozen=True)
class RunConfig:
    urls: list[str]
    rooms: int
    peers: int
    duration: float
    scenario: str
    ramp: float
    workers: int = 1
    rate: float = 1.0
    seed: int = 1
    api_key: str | None = None
    drain: float = 10.0

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "api_key"}
        d["ramp_seconds"] = round(self.rooms * self.peers / self.ramp, 2)
        d["steady_from"] = int(self.rooms * self.peers / self.ramp + SETTLE) + 1
        return d

    def plans(self) -> list[WorkerPlan]:
        base = WorkerPlan(
            worker=0,
            urls=self.urls,
            rooms=[],
            total_rooms=self.rooms,
            peers=self.peers,
            duration=self.duration,
            ramp=self.ramp,
            scenario=self.scenario,
            rate=self.rate,
            seed=self.seed,
            api_key=self.api_key,
            drain=self.drain,
        )
        k = max(1, min(self.workers, self.rooms))
        return [replace(base, worker=w, rooms=list(range(w, self.rooms, k))) for w in range(k)]


Tick = Callable[[Aggregate], None]


async def run(config: RunConfig, on_tick: Tick | None = None) -> Aggregate:
    """Run the whole test; `on_tick(aggregate)` after each merged message (live display)."""
    agg = Aggregate(config.as_dict())
    plans = config.plans()
    if len(plans) == 1:
        await _run_here(plans[0], agg, on_tick)
    else:
        await _run_processes(plans, agg, on_tick)
    return agg


async def _run_here(plan: WorkerPlan, agg: Aggregate, on_tick: Tick | None) -> None:
    def emit(msg: dict[str, Any]) -> None:
        agg.consume(msg)
        if on_tick is not None:
            on_tick(agg)

    async def go() -> float:
        return time.time() + START_DELAY

    await Worker(plan, emit).run(go)


def _worker_process(plan: WorkerPlan, out: Any, go_event: Any, start: Any) -> None:
    async def go() -> float:
        await asyncio.to_thread(go_event.wait)
        return float(start.value)

    asyncio.run(Worker(plan, out.put).run(go))


async def _run_processes(plans: list[WorkerPlan], agg: Aggregate, on_tick: Tick | None) -> None:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    go_event = ctx.Event()
    start = ctx.Value("d", 0.0)
    procs = [ctx.Process(target=_worker_process, args=(p, out, go_event, start), daemon=True) for p in plans]
    for proc in procs:
        proc.start()
    ready: set[int] = set()
    done: set[int] = set()
    try:
        while len(done) < len(procs):
            try:
                msg = await asyncio.to_thread(out.get, True, 0.5)
            except queue.Empty:
                if any(not proc.is_alive() and i not in done for i, proc in enumerate(procs)):
                    dead = [i for i, proc in enumerate(procs) if not proc.is_alive() and i not in done]
                    raise RuntimeError(f"load worker(s) {dead} exited early") from None
                continue
            agg.consume(msg)
            if msg["kind"] == "ready":
                ready.add(msg["worker"])
                if len(ready) == len(procs):
                    start.value = time.time() + START_DELAY
                    go_event.set()
            elif msg["kind"] == "final":
                done.add(msg["worker"])
            if on_tick is not None:
                on_tick(agg)
    finally:
        for proc in procs:
            proc.join(timeout=15)
            if proc.is_alive():
                proc.terminate()
