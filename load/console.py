"""What the operator reads in the terminal: a live line per second while running, a table at the end."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from load.metrics import LATENCIES, stats
from load.report import Aggregate

SHOWN = ("join", "ack", "fanout", "relay")


class LiveView:
    """A rich Live panel redrawn at most once a second from the latest complete second."""

    def __init__(self, console: Console, duration_hint: float) -> None:
        self.console = console
        self.duration_hint = duration_hint
        self.live = Live(console=console, auto_refresh=False, transient=True)
        self._drawn = 0.0

    def __enter__(self) -> LiveView:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.live.__exit__(*exc)

    def tick(self, agg: Aggregate) -> None:
        now = time.monotonic()
        if now - self._drawn < 0.9:
            return
        latest = agg.latest()
        if latest is None:
            return
        self._drawn = now
        self.live.update(self._panel(agg, *latest), refresh=True)

    def _panel(self, agg: Aggregate, t: int, sec: dict[str, Any]) -> Table:
        c = sec["counts"]

        def pct(name: str) -> str:
            h = sec["hist"].get(name)
            if h is None:
                return "-"
            s = stats(h)
            return f"{s['p50']:.1f} / {s['p99']:.1f} / {s['max']:.1f}"

        grid = Table(title=f"peergroup load  t={t}s of ~{self.duration_hint:.0f}s", show_header=False, box=None)
        grid.add_column(style="bold")
        grid.add_column(justify="right")
        grid.add_column(style="bold")
        grid.add_column(justify="right")
        cpu = max(sec["cpu"].values(), default=0.0)
        grid.add_row("connected", str(sum(sec["conn"].values())), "ms p50 / p99 / max", "(this second)")
        grid.add_row("commands/s", str(c.get("commands_sent", 0)), "fanout", pct("fanout"))
        grid.add_row("deliveries/s", str(c.get("deliveries", 0)), "ack", pct("ack"))
        grid.add_row("joins/s", str(c.get("joined", 0)), "join", pct("join"))
        grid.add_row("lost (total)", str(max(0, agg.totals.get("lost", 0))), "relay", pct("relay"))
        grid.add_row("errors (total)", str(sum(agg.errors.values())), "tool loop lag", pct("loop_lag"))
        grid.add_row("reconnects", str(agg.totals.get("reconnects", 0)), "tool cpu % (max worker)", f"{cpu:.0f}")
        return grid


def final_tables(report: dict[str, Any]) -> Group:
    """Latency percentiles, delivery, throughput, the tool's overhead, errors and SLO verdicts."""
    q = report.get("quiet_seconds", {})
    lat = Table(
        title=f"latency (ms): whole run; steady = after the ramp; quiet = the {q.get('quiet', 0)} of "
        f"{q.get('steady', 0)} steady seconds in which the tool's own loop lag p99 stayed under 5 ms"
    )
    lat.add_column("measure")
    for col in ("count", "p50", "p95", "p99", "p99.9", "max"):
        lat.add_column(col, justify="right")
    for name in LATENCIES:
        rows = ((name, "latency"), (f"  {name}, steady", "latency_steady"), (f"  {name}, quiet", "latency_quiet"))
        for label, section in rows:
            s = report.get(section, {}).get(name)
            if s and s["count"]:
                lat.add_row(label, str(s["count"]), *(f"{s[k]:.2f}" for k in ("p50", "p95", "p99", "p99_9", "max")))

    d = report["delivery"]
    t = report["totals"]
    r = report["rates"]
    cfg = report["config"]
    summary = Table(title="delivery and throughput", show_header=False)
    summary.add_column("what")
    summary.add_column("value", justify="right")
    rows = [
        ("rooms x peers", f"{cfg.get('rooms')} x {cfg.get('peers')} ({cfg.get('scenario')})"),
        ("joined / failed", f"{t['joined']} / {t['join_failed']}"),
        ("commands / relays sent", f"{t['commands_sent']} / {t['relays_sent']}"),
        ("acked ok / refused", f"{t['acks_ok']} / {t['refused']}"),
        ("events delivered", str(d["delivered"])),
        ("lost (gaps: n, duplicates)", f"{d['lost']} ({d['gaps']}, {d['duplicates']})"),
        ("missing at the end of the drain", str(d["missing_at_end"])),
        ("completeness", f"{d['completeness']:.6f}"),
        ("deliveries/s steady (peak)", f"{r['deliveries_per_s_steady']} ({r['deliveries_per_s_peak']})"),
        ("commands/s steady (peak)", f"{r['commands_sent_per_s_steady']} ({r['commands_sent_per_s_peak']})"),
        ("reconnects / resyncs / skipped", f"{t['reconnects']} / {t['resyncs']} / {t['skipped']}"),
    ]
    for w, v in report["workers"].items():
        rows.append((f"tool {w}", f"cpu {v['cpu_percent_mean']}% (max {v['cpu_percent_max']}%), rss {v['rss_mb']} MB"))
    for what, value in rows:
        summary.add_row(what, value)

    parts: list[Any] = [lat, summary]
    if report["errors"]:
        errors = Table(title="errors by code")
        errors.add_column("code")
        errors.add_column("count", justify="right")
        for code, n in report["errors"].items():
            errors.add_row(code, str(n))
        parts.append(errors)
    if report.get("slo"):
        slo = Table(title="thresholds")
        for col in ("slo", "rule", "value", "verdict"):
            slo.add_column(col)
        for s in report["slo"]:
            verdict = "[green]ok[/green]" if s["ok"] else "[red]MISSED[/red]"
            slo.add_row(s["name"], f"{s['rule']} {s['limit']:g}", f"{s['value']:g}", verdict)
        parts.append(slo)
    return Group(*parts)
