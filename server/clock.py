"""Time, in one place, so that timers can be tested with a fake clock (trio's MockClock idea).

`now()` is wall time in seconds: deadlines live in room state and are shown to clients and other
nodes, so they must mean the same thing everywhere.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep_until(self, deadline: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.time()

    async def sleep_until(self, deadline: float) -> None:
        """Return once the wall clock has reached `deadline`, never before.

        The loop's timers may wake a little early by the wall clock: uvloop rounds delays to whole
        milliseconds, and the loop's monotonic clock is not `time.time()`. A room tick that came
        before its deadline would find nothing due, so sleep again for what is left.
        """
        while (left := deadline - time.time()) > 0:  # noqa: ASYNC110 (waits for the wall clock, not a task)
            await asyncio.sleep(left)


class FakeClock:
    """A clock that moves only when a test calls `advance`; sleepers wake exactly on time."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self._now

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self._now:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (deadline, next(self._order), fut))
        await fut

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has come."""
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)
