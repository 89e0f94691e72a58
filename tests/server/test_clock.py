"""The real clock's promise to room timers: `sleep_until` never returns before its deadline."""

from __future__ import annotations

import time

import uvloop

from server.clock import SystemClock


def test_sleep_until_never_wakes_before_the_deadline_on_the_servers_event_loop() -> None:
    # The server runs on uvloop (server/cli.py), whose timers work in whole milliseconds: a room's
    # alarm that woke early ran a tick that found nothing due, and the room's timer stopped.
    clock = SystemClock()

    async def early_wakes() -> list[float]:
        early = []
        for i in range(200):
            deadline = time.time() + 0.002 + (i % 10) / 10_000  # sub-millisecond parts of every size
            await clock.sleep_until(deadline)
            if (woke := time.time()) < deadline:
                early.append(deadline - woke)
        return early

    assert uvloop.run(early_wakes()) == []
