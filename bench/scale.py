"""Scale of connections on one peergroup node: idle members, joins at a fixed rate, a big board's join.

    python -m bench.scale --members 10000 --join-rate 200 --idle-seconds 30
    python -m bench.scale --members 0 --board 2000

Idle: `members` members (rooms of 6) join at `join-rate` a second (open loop), each join timed from
connect to its snapshot; then nothing is sent for `idle-seconds` while the server's CPU (/proc) and
RSS are read: RSS per member = (RSS with everyone joined - RSS before) / members. Board: a room's
board is filled with `board` strokes of 50 points, then 20 members join it one after another, timed
to their snapshot. The same Node harness as bench/fanout.py (stock socket.io-client, msgpack).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fanout import BENCH, ROOT, Servers, cpu_seconds, ensure_node_modules, load_average, rss_kb, system


def harness(cfg: dict[str, Any]) -> subprocess.Popen[str]:
    cmd = ["node", "--max-old-space-size=4096", str(BENCH / "harness.cjs"), json.dumps(cfg)]
    return subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def ready(h: subprocess.Popen[str]) -> dict[str, Any]:
    """Wait for the harness to be set up, then ask for its join figures."""
    assert h.stdout is not None and h.stdin is not None
    line = h.stdout.readline().strip()
    if line != "READY":
        raise RuntimeError(line or "harness exited")
    h.stdin.write("GO\n")
    h.stdin.flush()
    return dict(json.loads(h.stdout.readline()))


def release(hs: list[subprocess.Popen[str]]) -> None:
    for h in hs:
        assert h.stdin is not None
        h.stdin.write("END\n")
        h.stdin.flush()
    for h in hs:
        h.wait(timeout=60)


def idle(servers: Servers, args: argparse.Namespace) -> str:
    pid = servers.pids[0]
    rss0 = rss_kb(pid)
    load0 = load_average()
    workers = max(1, args.workers)
    per = args.members // workers
    hs = [
        harness(
            {
                "mode": "idle",
                "urls": servers.urls,
                "rooms": max(1, per // 6),
                "members": 6,
                "joinRate": args.join_rate / workers,
                "tag": f"i{w}",
            }
        )
        for w in range(workers)
    ]
    joins = [ready(h) for h in hs]
    time.sleep(2.0)
    cpu0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(args.idle_seconds)
    idle_share = (cpu_seconds(pid) - cpu0) / (time.monotonic() - t0)
    rss1 = rss_kb(pid)
    connected = sum(j["connected"] for j in joins)
    release(hs)
    joined = sum(j["joined"] for j in joins)
    p99 = max(j["join_p99_ms"] for j in joins)
    per_member = (rss1 - rss0) / max(1, joined)
    p50 = max(j["join_p50_ms"] for j in joins)
    return (
        f"| idle members joined / still connected (ping every {args.ping_interval:g} s) | join rate /s "
        "| join p50 / p99 ms (to snapshot) | RSS per member KB "
        "| idle CPU (share of a core) | server RSS MB | load before→after |\n|---|---|---|---|---|---|---|\n"
        f"| {joined:,} / {connected:,} | {args.join_rate} | {p50:.1f} / {p99:.1f} | {per_member:.1f} "
        f"| {100 * idle_share:.1f}% | {rss1 / 1024:.0f} | {load0:.2f}→{load_average():.2f} |"
    )


def board(servers: Servers, args: argparse.Namespace) -> str:
    cfg = {"mode": "bigboard", "urls": servers.urls, "members": 30, "elements": args.board, "joins": 20, "tag": "b"}
    h = harness(cfg)
    j = ready(h)
    release([h])
    return (
        "| board elements | joins | join p50 / p99 / max ms (to snapshot) |\n|---|---|---|\n"
        f"| {args.board:,} | {j['joined']} | {j['join_p50_ms']:.1f} / {j['join_p99_ms']:.1f} / {j['join_max_ms']:.1f} |"
    )


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--members", type=int, default=10_000)
    p.add_argument("--join-rate", type=float, default=200.0)
    p.add_argument("--idle-seconds", type=float, default=30.0)
    p.add_argument("--board", type=int, default=2000, help="elements on the big board (0: skip)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--ping-interval", type=float, default=5.0, help="the server's engine.io ping interval")
    p.add_argument("--ping-timeout", type=float, default=5.0)
    args = p.parse_args(argv)
    ensure_node_modules()
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    out = []
    try:
        if args.members:
            ping = ["--ping-interval", str(args.ping_interval), "--ping-timeout", str(args.ping_timeout)]
            with system("pg-durable", tmp / "idle", ping) as servers:
                out.append(idle(servers, args))
        if args.board:
            with system("pg-durable", tmp / "board") as servers:
                out.append(board(servers, args))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = "\n\n".join(out)
    print(text)
    return text


if __name__ == "__main__":
    main()
