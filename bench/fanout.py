"""Fan-out side by side: one Node client harness against five servers, in one run, one table.

    python -m bench.fanout                       # 3,000 / 12,000 / 30,000 deliveries/s + knee search
    python -m bench.fanout --rates 600 --knee-steps 0 --seconds 3 --systems all   # a quick look

Systems: (a) a minimal Node socket.io 4 relay (bench/relay.cjs, excalidraw-room's shape),
(b) a stock python-socketio relay (bench/stock_relay.py), (c) peergroup's ephemeral path
(`move_cursor` -> `relay`), (d) peergroup's durable path (`update_element`, logged before its ack),
(e) peergroup on two nodes + its own redis-server on a free port. R rooms x 6 members; each member
sends 2 updates a second, spread in time, so R rooms offer R x 6 x 2 x 5 deliveries a second.
CPU per delivery = the server processes' user + system time (/proc) over the window / deliveries.
The knee is the highest offered rate with p99 <= 50 ms and everything delivered.
"""

from __future__ import annotations

import argparse
import array
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SECRET = "bench-secret-" + "x" * 40
SYSTEMS = ("node-relay", "stock-python", "pg-ephemeral", "pg-durable", "pg-2-nodes")
MODE = {
    "node-relay": "relay",
    "stock-python": "relay",
    "pg-ephemeral": "ephemeral",
    "pg-durable": "durable",
    "pg-2-nodes": "durable",
}
KNEE_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def ensure_node_modules() -> None:
    """`npm ci` in bench/ when its node_modules is missing (the lock pins the stock packages)."""
    if not (BENCH / "node_modules" / "socket.io").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)


# -- servers ---------------------------------------------------------------------------------------


class Servers:
    """The processes of one system; `pids` are the ones whose CPU counts (the servers, Redis)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    @property
    def python_pids(self) -> list[int]:
        return [p.pid for p in self.procs if p.args[0] == sys.executable]  # type: ignore[index]

    def spawn(self, args: list[str], name: str, env: dict[str, str] | None = None) -> None:
        out = open(self.tmp / f"{name}.log", "ab")
        self.procs.append(
            subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        )

    def wait_ready(self) -> None:
        for url in self.urls:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"{url}/readyz", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                time.sleep(0.1)
            else:
                raise TimeoutError(f"{url} never became ready; see {self.tmp}")

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


def peergroup(servers: Servers, port: int, data: Path, extra: list[str], name: str) -> None:
    args = [sys.executable, "-m", "server", "serve", "--port", str(port), "--data-dir", str(data)]
    # every simulated member comes from this one address through a few links: lift the join and API limits
    args += ["--joins-per-link", "1000000", "--joins-per-address", "1000000", "--http-requests-per-second", "100000"]
    servers.spawn([*args, "--log-level", "warning", *extra], name, {"PEERGROUP_SECRET": SECRET})
    servers.urls.append(f"http://127.0.0.1:{port}")


@contextmanager
def system(name: str, tmp: Path, serve_args: list[str] | None = None) -> Iterator[Servers]:
    tmp.mkdir(parents=True, exist_ok=True)
    servers = Servers(tmp)
    try:
        if name == "node-relay":
            port = free_port()
            servers.spawn(["node", str(BENCH / "relay.cjs"), str(port)], name)
            servers.urls.append(f"http://127.0.0.1:{port}")
        elif name == "stock-python":
            port = free_port()
            servers.spawn([sys.executable, str(BENCH / "stock_relay.py"), str(port)], name)
            servers.urls.append(f"http://127.0.0.1:{port}")
        elif name in ("pg-ephemeral", "pg-durable"):
            peergroup(servers, free_port(), tmp / name, serve_args or [], name)
        elif name == "pg-2-nodes":
            redis_port = free_port()
            redis = shutil.which("redis-server") or "redis-server"
            aof = ["--appendonly", "yes", "--appendfsync", "everysec"]  # production settings (docs/cluster.md)
            servers.spawn([redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", *aof,
                           "--dir", str(tmp)], "redis")  # fmt: skip
            url = f"redis://127.0.0.1:{redis_port}/0"
            for i in range(2):
                peergroup(servers, free_port(), tmp / f"node{i}", ["--redis-url", url, "--node-id", f"n{i}"], f"n{i}")
        else:
            raise ValueError(name)
        time.sleep(0.3)
        servers.wait_ready()
        yield servers
    finally:
        servers.stop()


# -- one measured run ------------------------------------------------------------------------------


@dataclass
class Row:
    system: str
    offered: int
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    delivered: int
    expected: int
    cpu_us: float | None
    cpu_share: float
    gaps: int
    refused: int
    disconnects: int
    join_p99_ms: float | None
    load_before: float
    load_after: float
    error: str = ""
    #: peergroup only, from its /metrics over the window: group commits' p99 (ms, a bucket's
    #: upper bound) and collector pauses >= 10 ms (how many, and the largest bucket they reached)
    commit_p99_ms: float | None = None
    gc_pauses: str = "-"

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.delivered >= self.expected and self.gaps == 0 and not self.error

    @property
    def passes(self) -> bool:
        return self.complete and self.p99_ms is not None and self.p99_ms <= KNEE_P99_MS


def percentile(values: list[int], p: float) -> float | None:
    if not values:
        return None
    return values[min(len(values) - 1, int(p / 100 * len(values)))] / 1000


def run_once(name: str, servers: Servers, offered: int, args: argparse.Namespace, tmp: Path, n: int) -> Row:
    """Offer `offered` deliveries/s for `args.seconds` (after a warm-up) and measure."""
    per_room = round(args.members * args.rate * (args.members - 1))
    rooms = max(1, round(offered / per_room))
    workers = max(1, min(args.workers, rooms))
    harnesses = []
    for w in range(workers):
        cfg = {
            "mode": MODE[name],
            "urls": servers.urls,
            "rooms": len(range(w, rooms, workers)),
            "members": args.members,
            "rate": args.rate,
            "warmup": args.warmup,
            "seconds": args.seconds,
            "drain": args.drain,
            "latencies": str(tmp / f"lat-{n}-{w}.bin"),
            "tag": f"r{n}w{w}",
        }
        harnesses.append(
            subprocess.Popen(
                ["node", str(BENCH / "harness.cjs"), json.dumps(cfg)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    error = ""
    for h in harnesses:
        assert h.stdout is not None
        line = h.stdout.readline().strip()
        if line != "READY":
            error = error or (line or "harness exited")[:300]
    load_before = load_average()
    go = time.monotonic()
    for h in harnesses:
        assert h.stdin is not None
        if h.poll() is None:
            h.stdin.write("GO\n")
            h.stdin.flush()
    time.sleep(max(0.0, go + 0.05 + args.warmup - time.monotonic()))
    spies = [spy(pid, name, offered, args) for pid in servers.python_pids] if args.py_spy else []
    peergroup_urls = servers.urls if name.startswith("pg-") else []
    metrics0 = scrape(peergroup_urls)
    cpu0 = sum(cpu_seconds(p) for p in servers.pids)
    time.sleep(max(0.0, go + 0.05 + args.warmup + args.seconds - time.monotonic()))
    cpu = sum(cpu_seconds(p) for p in servers.pids) - cpu0
    commit_p99, gc_pauses = tail_figures(metrics0, scrape(peergroup_urls)) if peergroup_urls else (None, "-")
    for s in spies:
        s.wait(timeout=60)
    results: list[dict[str, Any]] = []
    for h in harnesses:
        out, _ = h.communicate(timeout=args.drain + 120)
        lines = [x for x in out.splitlines() if x.startswith("{")]
        results.append(json.loads(lines[-1]) if lines else {"error": "harness gave no result"})
    load_after = load_average()
    lat = array.array("I")
    for w in range(workers):
        path = tmp / f"lat-{n}-{w}.bin"
        if path.exists():
            lat.frombytes(path.read_bytes())
            path.unlink()
    values = sorted(lat)
    total = lambda key: sum(int(r.get(key) or 0) for r in results)  # noqa: E731
    error = error or next((str(r["error"])[:300] for r in results if r.get("error")), "")
    delivered = total("delivered")
    joins = [r["join_p99_ms"] for r in results if r.get("join_p99_ms") is not None]
    return Row(
        system=name,
        offered=rooms * per_room,
        p50_ms=percentile(values, 50),
        p99_ms=percentile(values, 99),
        max_ms=values[-1] / 1000 if values else None,
        delivered=delivered,
        expected=total("sent") * (args.members - 1),
        cpu_us=cpu / delivered * 1e6 if delivered else None,
        cpu_share=cpu / args.seconds,
        gaps=total("gaps"),
        refused=total("refused"),
        disconnects=total("disconnects"),
        join_p99_ms=max(joins) if joins else None,
        load_before=load_before,
        load_after=load_after,
        error=error,
        commit_p99_ms=commit_p99,
        gc_pauses=gc_pauses,
    )


def scrape(urls: list[str]) -> dict[str, float]:
    """Every sample of the servers' /metrics, summed over the servers by name and labels."""
    out: dict[str, float] = {}
    for url in urls:
        try:
            with urllib.request.urlopen(f"{url}/metrics", timeout=5) as r:
                text = r.read().decode()
        except OSError:
            continue
        for line in text.splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                out[key] = out.get(key, 0.0) + float(value)
    return out


def buckets(before: dict[str, float], after: dict[str, float], name: str) -> list[tuple[float, float]]:
    """(upper bound, count below it) of histogram `name` over the window, all label sets together."""
    counts: dict[float, float] = {}
    for key, value in after.items():
        if key.startswith(name + "_bucket{") and 'le="' in key:
            le = key.split('le="')[1].split('"')[0]
            bound = float("inf") if le == "+Inf" else float(le)
            counts[bound] = counts.get(bound, 0.0) + value - before.get(key, 0.0)
    return sorted(counts.items())


def tail_figures(before: dict[str, float], after: dict[str, float]) -> tuple[float | None, str]:
    commits = buckets(before, after, "peergroup_log_append_seconds")
    total = commits[-1][1] if commits else 0.0
    p99 = next((b for b, n in commits if n >= 0.99 * total), None) if total else None
    pauses = buckets(before, after, "peergroup_gc_pause_seconds")
    if not pauses:
        return (None if p99 is None else p99 * 1000), "-"
    count = pauses[-1][1]
    small = next((n for b, n in pauses if b >= 0.01), 0.0)
    worst = next((b for b, n in pauses if n >= count), None)
    long_ = int(count - small)
    shown = f"{long_} (<= {worst * 1000:g} ms)" if long_ and worst is not None else "0"
    return (None if p99 is None else p99 * 1000), shown


def spy(pid: int, name: str, offered: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """py-spy on one server process for the measured window (raw collapsed stacks; see bench/profile.py)."""
    out = Path(args.py_spy) / f"{name}-{offered}-{pid}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    spy_bin = str(Path(sys.executable).with_name("py-spy"))
    cmd = [
        spy_bin,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(args.seconds)),
        "--format",
        "raw",
        "--rate",
        "400",
        *(["--gil"] if args.py_spy_gil else []),
    ]
    return subprocess.Popen(
        [*cmd, "--output", str(out), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def knee(rows: list[Row]) -> int | None:
    """The highest offered rate that passed, provided nothing lower failed."""
    best = None
    for r in sorted(rows, key=lambda r: r.offered):
        if not r.passes:
            break
        best = r.offered
    return best


def measure_system(name: str, args: argparse.Namespace, tmp: Path) -> list[Row]:
    rows: list[Row] = []
    with system(name, tmp / name) as servers:
        n = 0

        def one(offered: int) -> Row:
            nonlocal n
            n += 1
            row = run_once(name, servers, offered, args, tmp, n)
            rows.append(row)
            print(format_row(row), flush=True)
            return row

        for rate in args.rates:
            one(rate)
        # knee search: double past the highest pass, then bisect between pass and fail
        for _ in range(args.knee_steps):
            ok = [r.offered for r in rows if r.passes]
            bad = [r.offered for r in rows if not r.passes]
            low = max((o for o in ok if not bad or o < min(bad)), default=0)
            high = min(bad, default=None)
            target = low * 2 if high is None else (low + high) // 2
            per_room = round(args.members * args.rate * (args.members - 1))
            if target <= 0 or (high is not None and high - low <= per_room * 2):
                break
            one(target)
    return rows


# -- the table -------------------------------------------------------------------------------------

HEADER = (
    "| system | offered/s | p50 ms | p99 ms | max ms | delivered/expected | CPU µs/delivery | server CPU "
    "| seq gaps | refused | disconnects | join p99 ms | commit p99 ms | GC pauses >= 10 ms | load before→after |"
)


def fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def format_row(r: Row) -> str:
    line = (
        f"| {r.system} | {r.offered:,} | {fmt(r.p50_ms, 2)} | {fmt(r.p99_ms, 2)} | {fmt(r.max_ms)} "
        f"| {r.delivered:,}/{r.expected:,} | {fmt(r.cpu_us)} | {100 * r.cpu_share:.0f}% | {r.gaps} | {r.refused} "
        f"| {r.disconnects} | {fmt(r.join_p99_ms)} | {fmt(r.commit_p99_ms)} | {r.gc_pauses} "
        f"| {r.load_before:.2f}→{r.load_after:.2f} |"
    )
    return line + (f" error: {r.error}" if r.error else "")


def table(rows: list[Row], systems: list[str]) -> str:
    lines = [HEADER, "|" + "---|" * (HEADER.count("|") - 1)]
    lines += [format_row(r) for r in sorted(rows, key=lambda r: (systems.index(r.system), r.offered))]
    lines += ["", "| system | knee (p99 <= 50 ms, all delivered) | CPU µs/delivery at the lowest rate |"]
    lines += ["|---|---|---|"]
    for s in systems:
        mine = [r for r in rows if r.system == s]
        k = knee(mine)
        low = min(mine, key=lambda r: r.offered, default=None)
        lines.append(f"| {s} | {'-' if k is None else f'{k:,}'} | {fmt(low.cpu_us if low else None)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Row]:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--systems", default="all", help=f"comma-separated, of {', '.join(SYSTEMS)}")
    p.add_argument("--rates", default="3000,12000,30000", help="offered deliveries/s, comma-separated")
    p.add_argument("--knee-steps", type=int, default=3, help="extra runs searching for the knee")
    p.add_argument("--members", type=int, default=6)
    p.add_argument("--rate", type=float, default=2.0, help="updates per member per second")
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--drain", type=float, default=2.0, help="seconds to wait for late deliveries")
    p.add_argument("--workers", type=int, default=2, help="harness processes (rooms split between them)")
    p.add_argument("--json", help="also write the rows here")
    p.add_argument("--py-spy", metavar="DIR", help="profile the Python servers during each window into DIR")
    p.add_argument("--py-spy-gil", action="store_true", help="profile only the thread holding the GIL (CPU work)")
    p.add_argument("--keep", action="store_true", help="keep the servers' logs (printed at the end)")
    args = p.parse_args(argv)
    systems = list(SYSTEMS) if args.systems == "all" else args.systems.split(",")
    args.rates = [int(x) for x in args.rates.split(",")]
    ensure_node_modules()
    tmp = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    rows: list[Row] = []
    print(f"load average {Path('/proc/loadavg').read_text().strip()}; {os.cpu_count()} cores", flush=True)
    print(HEADER, flush=True)
    try:
        for s in systems:
            rows += measure_system(s, args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table(rows, systems))
    print(f"\nload average {Path('/proc/loadavg').read_text().strip()}")
    if args.keep:
        print(f"server logs in {tmp}")
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=1))
    return rows


if __name__ == "__main__":
    main()
