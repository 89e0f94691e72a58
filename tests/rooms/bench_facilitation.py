"""Benchmark of the facilitation core: prints figures, asserts nothing about speed.

python -m tests.rooms.bench_facilitation
"""

from __future__ import annotations

import time

from rooms.agenda.commands import StartAgenda
from rooms.floor import airtime_report
from rooms.floor.commands import LowerHand, RaiseHand, SetProgressiveStack
from tests.rooms.room import Room


def per_second(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s ({seconds / n * 1e6:.1f} µs each)"


def main() -> None:
    room = Room(participants=7)
    room.do(SetProgressiveStack(actor="fac", on=True))
    n = 20_000
    t0 = time.perf_counter()
    for i in range(n):
        who = f"p{i % 7 + 1}"
        room.do(RaiseHand(actor=who) if (i // 7) % 2 == 0 else LowerHand(actor=who))
    print(f"raise/lower hand, progressive stack, 8 members: {per_second(n, time.perf_counter() - t0)}")

    runs = 50
    t0 = time.perf_counter()
    events = 0
    for _ in range(runs):
        aar = Room(template="aar", participants=5)
        aar.do(StartAgenda(actor="fac"))
        aar.advance(4 * 5 * 65)
        events += len(aar.log)
    elapsed = time.perf_counter() - t0
    print(f"whole AAR (4 phases x 5 turns) decided and applied: {elapsed / runs * 1e3:.2f} ms, {events // runs} events")

    t0 = time.perf_counter()
    for _ in range(n):
        airtime_report(aar.state, aar.now)
    print(f"airtime_report, 6 members, 4 phases: {per_second(n, time.perf_counter() - t0)}")


if __name__ == "__main__":
    main()
