"""What composing time rules costs on a full room: a late tick, a departure, a command with a reaction.

    python -m tests.benchmarks.late_tick [--elements 2000] [--points 75] [--cards 300]

Prints medians in ms; asserts nothing about speed (machines differ). The scratch copy the core runs
rules on shares the board and the reflections until an event may write them (rooms/core.py Scratch).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time
from collections.abc import Callable

from rooms import CORE, Tick, apply, decide
from rooms.core import Scratch
from rooms.floor import commands as f
from rooms.membership.commands import Leave
from tests.benchmarks.board_snapshot import full_room


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--elements", type=int, default=2000)
    ap.add_argument("--points", type=int, default=75)
    ap.add_argument("--cards", type=int, default=300)
    args = ap.parse_args()
    state, _ = full_room(args.elements, args.points, args.cards)
    for ev in decide(state, f.GiveFloor(actor="fac", target="p1", seconds=30), 0.0):
        apply(state, ev)
    print(f"room: {args.elements} elements x {args.points} points, {args.cards} cards; load {os.getloadavg()[0]:.2f}")
    print(f"  deepcopy of the whole state        {median_ms(lambda: copy.deepcopy(state), 3):8.2f} ms")
    print(f"  Scratch (board, reflections shared) {median_ms(lambda: Scratch(state)):8.2f} ms")
    fired = decide(state, Tick(actor=""), 100.0)
    tick = median_ms(lambda: decide(state, Tick(actor=""), 100.0))
    leave = median_ms(lambda: CORE.decide(state, Leave(actor="p1"), 1.0))
    print(f"  late tick, {len(fired)} events                {tick:8.2f} ms")
    print(f"  Leave of the speaker                {leave:8.2f} ms")


if __name__ == "__main__":
    main()
