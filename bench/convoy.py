"""The log writer behind a busy event loop: commit times of the SQLite log's thread (the convoy effect).

    python -m bench.convoy [--seconds 4] [--rows 100]

The main thread spins on pure-Python work, as a busy event loop does, while the log's writer
thread commits batches of `rows` events. The sqlite3 module releases the GIL around every step of a
statement; each time the writer wants it back it may wait a whole switch interval. Printed: commit
p50/p99 and commits made, for `executemany` (one step per row: the log before issue 11) against
the log's own multi-row `SqliteLog._write`, at CPython's default switch interval and at the one
`peergroup serve` sets (server/cli.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from server.cli import SWITCH_INTERVAL
from server.log.sqlite import SqliteLog


def run(path: Path, statement: str, interval: float, rows: int, seconds: float) -> tuple[float, float, int]:
    sys.setswitchinterval(interval)
    log = SqliteLog(path)
    seq = 0

    def commit() -> float:
        nonlocal seq
        batch = []
        for i in range(rows):
            seq += 1
            batch.append((f"room{i % 200}", seq, "ElementUpdated", b"x" * 150))
        last = {r[0]: r[1] for r in batch}
        began = time.perf_counter()
        if statement == "executemany":
            conn = log._conn()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", batch)
            conn.executemany(
                "INSERT INTO rooms VALUES (?, ?) ON CONFLICT(room_id) DO UPDATE SET last_seq=excluded.last_seq",
                list(last.items()),
            )
            conn.execute("COMMIT")
        else:
            log._write([x for row in batch for x in row], [])
        return time.perf_counter() - began

    times: list[float] = []
    with ThreadPoolExecutor(1) as writer:
        fut = None
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if fut is None or fut.done():
                if fut is not None:
                    times.append(fut.result())
                fut = writer.submit(commit)
            x = 0
            for i in range(2000):  # the event loop's own work, holding the GIL
                x += i * i
    times.sort()
    return times[len(times) // 2] * 1e3, times[int(len(times) * 0.99)] * 1e3, len(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--rows", type=int, default=100)
    args = p.parse_args()
    print(f"{args.rows} events per commit, main thread busy, {args.seconds:.0f} s each\n")
    print("| statement | switch interval | commit p50 ms | commit p99 ms | commits |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for statement in ("executemany", "multi-row (SqliteLog._write)"):
            for interval in (0.005, SWITCH_INTERVAL):
                path = Path(tmp) / f"{statement[:5]}-{interval}.sqlite3"
                p50, p99, n = run(path, statement, interval, args.rows, args.seconds)
                print(f"| {statement} | {interval * 1000:g} ms | {p50:.1f} | {p99:.1f} | {n} |")


if __name__ == "__main__":
    main()
