"""The report: worker intervals merged into totals and a per-second series; SLOs; merging hosts.

The JSON report keeps every histogram encoded (HdrHistogram's compressed base64 form), the totals
and each second's, so reports from several hosts merge exactly (`peergroup load merge`): counts
add, histograms add, seconds line up by their offset from each host's start.
"""

from __future__ import annotations

import operator
import re
import socket
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hdrh.histogram import HdrHistogram

from load.metrics import COUNTERS, LATENCIES, decode_histogram, new_histogram, stats

REPORT_VERSION = 1
#: a second is "quiet" when the load process's own loop lag stayed under this (p99): on a shared
#: host, the others were not starving the machine (a proxy: the server may still have been starved)
QUIET_LAG_US = 5_000


class Aggregate:
    """Consumes worker messages (interval, ready, final) and builds the report."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.started_at = time.time()
        self.totals: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.hists: dict[str, HdrHistogram] = {name: new_histogram() for name in LATENCIES}
        self.seconds: dict[int, dict[str, Any]] = {}
        self.workers: dict[str, dict[str, Any]] = {}
        self.finished: set[str] = set()

    def consume(self, msg: dict[str, Any], host: str = "") -> None:
        worker = f"{host or socket.gethostname()}/{msg['worker']}"
        if msg["kind"] == "interval":
            self._interval(worker, msg)
        elif msg["kind"] == "ready":
            self.workers.setdefault(worker, {"rooms": msg["rooms"], "cpu_percent": [], "rss_mb": 0.0})
        elif msg["kind"] == "final":
            self.finished.add(worker)

    def _interval(self, worker: str, msg: dict[str, Any]) -> None:
        t = max(0, int(msg["t"]))
        sec = self.seconds.setdefault(t, {"counts": Counter(), "errors": Counter(), "hist": {}, "cpu": {}, "conn": {}})
        sec["counts"].update(msg["counts"])
        sec["errors"].update(msg["errors"])
        self.totals.update(msg["counts"])
        self.errors.update(msg["errors"])
        for name, encoded in msg["hist"].items():
            h = decode_histogram(encoded)
            self.hists[name].add(h)
            if name in sec["hist"]:
                sec["hist"][name].add(h)
            else:
                sec["hist"][name] = h
        sec["cpu"][worker] = msg.get("cpu_percent", 0.0)
        sec["conn"][worker] = msg.get("connected", 0)
        w = self.workers.setdefault(worker, {"rooms": 0, "cpu_percent": [], "rss_mb": 0.0})
        w["cpu_percent"].append(msg.get("cpu_percent", 0.0))
        w["rss_mb"] = max(w["rss_mb"], msg.get("rss_mb", 0.0))

    # -- views ----------------------------------------------------------------------------------

    def latest(self) -> tuple[int, dict[str, Any]] | None:
        """The most recent second every worker has reported (for the live display)."""
        if not self.seconds:
            return None
        ts = sorted(self.seconds)
        for t in reversed(ts):
            if len(self.seconds[t]["cpu"]) >= max(1, len(self.workers)) or t != ts[-1]:
                return t, self.seconds[t]
        return None

    def report(self) -> dict[str, Any]:
        series = []
        for t in sorted(self.seconds):
            sec = self.seconds[t]
            series.append(
                {
                    "t": t,
                    "counts": dict(sec["counts"]),
                    "errors": dict(sec["errors"]),
                    "latency": {name: stats(h) for name, h in sec["hist"].items()},
                    "hist": {name: h.encode().decode() for name, h in sec["hist"].items()},
                    "cpu_percent": dict(sec["cpu"]),
                    "connected": sum(sec["conn"].values()),
                }
            )
        report = {
            "tool": "peergroup load",
            "version": REPORT_VERSION,
            "config": self.config,
            "hosts": sorted({w.split("/")[0] for w in self.workers}),
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started_at)),
            "seconds": len(series),
            "totals": {k: self.totals.get(k, 0) for k in COUNTERS},
            "errors": dict(self.errors.most_common()),
            "sent_by_command": {k[5:]: v for k, v in sorted(self.totals.items()) if k.startswith("sent:")},
            "latency": {name: stats(h) for name, h in self.hists.items()},
            "histograms": {name: h.encode().decode() for name, h in self.hists.items() if h.get_total_count()},
            "series": series,
            "workers": {
                w: {
                    "rooms": v["rooms"],
                    "cpu_percent_mean": round(sum(v["cpu_percent"]) / len(v["cpu_percent"]), 1)
                    if v["cpu_percent"]
                    else 0.0,
                    "cpu_percent_max": max(v["cpu_percent"], default=0.0),
                    "rss_mb": v["rss_mb"],
                }
                for w, v in sorted(self.workers.items())
            },
        }
        report["latency_steady"] = self._steady_latency()
        report["latency_quiet"], report["quiet_seconds"] = self._steady_latency(quiet=True), self._quiet_seconds()
        report["delivery"] = delivery(report["totals"])
        report["rates"] = rates(report)
        return report

    def _steady(self) -> list[dict[str, Any]]:
        start = self.config.get("steady_from", 0)
        end = start + self.config.get("duration", 0)
        return [sec for t, sec in self.seconds.items() if start <= t < end]

    @staticmethod
    def _quiet(sec: dict[str, Any]) -> bool:
        lag = sec["hist"].get("loop_lag")
        return lag is not None and lag.get_value_at_percentile(99) <= QUIET_LAG_US

    def _quiet_seconds(self) -> dict[str, int]:
        steady = self._steady()
        return {"quiet": sum(1 for sec in steady if self._quiet(sec)), "steady": len(steady)}

    def _steady_latency(self, quiet: bool = False) -> dict[str, dict[str, float]]:
        """Latency over the steady seconds (after every room has filled, before the drain); with
        `quiet`, only those in which the load process itself never stalled (a shared-host filter)."""
        merged = {name: new_histogram() for name in LATENCIES}
        for sec in self._steady():
            if quiet and not self._quiet(sec):
                continue
            for name, h in sec["hist"].items():
                merged[name].add(h)
        return {name: stats(h) for name, h in merged.items()}


def delivery(totals: dict[str, int]) -> dict[str, Any]:
    """Completeness: of the events members should have received, how many they did."""
    got, lost = totals.get("deliveries", 0), max(0, totals.get("lost", 0))
    missing = totals.get("missing_at_end", 0)
    return {
        "delivered": got,
        "lost": lost,
        "gaps": totals.get("gaps", 0),
        "duplicates": totals.get("duplicates", 0),
        "missing_at_end": missing,
        "completeness": round(got / (got + lost + missing), 6) if got + lost + missing else 1.0,
    }


def rates(report: dict[str, Any]) -> dict[str, float]:
    """Peak and steady (the seconds after the ramp) rates per second."""
    steady_from = report["config"].get("steady_from", 0)
    steady_to = steady_from + report["config"].get("duration", 0)
    steady = [s for s in report["series"] if steady_from <= s["t"] < steady_to]
    out: dict[str, float] = {}
    for name in ("commands_sent", "deliveries", "relays_received", "joined"):
        values = [s["counts"].get(name, 0) for s in report["series"]]
        out[f"{name}_per_s_peak"] = max(values, default=0)
        sv = [s["counts"].get(name, 0) for s in steady]
        out[f"{name}_per_s_steady"] = round(sum(sv) / len(sv), 1) if sv else 0.0
    return out


# -- merging reports from several hosts ---------------------------------------------------------


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several hosts' reports of the same run (histograms merge exactly)."""
    agg = Aggregate({**reports[0]["config"], "merged_from": len(reports)})
    agg.started_at = time.mktime(time.strptime(min(r["started_at"] for r in reports), "%Y-%m-%dT%H:%M:%SZ"))
    for i, r in enumerate(reports):
        for host_worker, w in r["workers"].items():
            key = f"{i}:{host_worker}"
            agg.workers[key] = {"rooms": w["rooms"], "cpu_percent": [w["cpu_percent_mean"]], "rss_mb": w["rss_mb"]}
        for s in r["series"]:
            sec = agg.seconds.setdefault(
                s["t"], {"counts": Counter(), "errors": Counter(), "hist": {}, "cpu": {}, "conn": {}}
            )
            sec["counts"].update(s["counts"])
            sec["errors"].update(s["errors"])
            for name, enc in s["hist"].items():
                h = decode_histogram(enc)
                if name in sec["hist"]:
                    sec["hist"][name].add(h)
                else:
                    sec["hist"][name] = h
            for w, cpu in s["cpu_percent"].items():
                sec["cpu"][f"{i}:{w}"] = cpu
            sec["conn"][str(i)] = s.get("connected", 0)
        agg.totals.update(r["totals"])
        agg.errors.update(r["errors"])
        agg.totals.update({f"sent:{k}": v for k, v in r.get("sent_by_command", {}).items()})
        for name, enc in r["histograms"].items():
            agg.hists[name].add(decode_histogram(enc))
    merged = agg.report()
    merged["config"]["rooms"] = sum(r["config"].get("rooms", 0) for r in reports)
    merged["hosts"] = sorted({h for r in reports for h in r["hosts"]})
    return merged


# -- service-level objectives -------------------------------------------------------------------

_LATENCY_SLO = re.compile(r"^(?P<metric>[a-z_]+?)(?P<part>_steady|_quiet)?_(?P<stat>p50|p95|p99|p99_9|max|mean)_ms$")
#: count-like SLOs: name -> (where to read it, comparison the value must pass)
_COUNT_SLO = {
    "lost": ("delivery", operator.le),
    "missing_at_end": ("delivery", operator.le),
    "duplicates": ("delivery", operator.le),
    "completeness": ("delivery", operator.ge),
    "errors": ("errors", operator.le),
    "join_failed": ("totals", operator.le),
    "reconnects": ("totals", operator.le),
    "skipped": ("totals", operator.le),
}


@dataclass(frozen=True)
class Slo:
    """A threshold like `fanout_p99_ms=25` (at most) or `completeness=1` (at least).

    `fanout_steady_p99_ms` reads the steady seconds only (after the ramp), the plain name the whole run.
    """

    name: str
    limit: float

    @classmethod
    def parse(cls, text: str) -> Slo:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep:
            raise ValueError(f"an SLO is NAME=VALUE, got {text!r}")
        m = _LATENCY_SLO.match(name)
        if not (m and m["metric"] in LATENCIES) and name not in _COUNT_SLO:
            known = ", ".join([*(f"{m}_p99_ms" for m in LATENCIES), *_COUNT_SLO])
            raise ValueError(f"unknown SLO {name!r}; use <latency>_<p50|p95|p99|p99_9|max|mean>_ms or one of: {known}")
        return cls(name, float(value))

    def check(self, report: dict[str, Any]) -> dict[str, Any]:
        m = _LATENCY_SLO.match(self.name)
        if m and m["metric"] in LATENCIES:
            value = report["latency" + (m["part"] or "")][m["metric"]][m["stat"]]
            ok = value <= self.limit
            rule = "<="
        else:
            where, cmp = _COUNT_SLO[self.name]
            section = report[where]
            value = sum(section.values()) if where == "errors" else section.get(self.name, 0)
            ok = cmp(value, self.limit)
            rule = ">=" if cmp is operator.ge else "<="
        return {"name": self.name, "limit": self.limit, "rule": rule, "value": value, "ok": bool(ok)}


def problems(report: dict[str, Any]) -> list[str]:
    """Why a run measured less than asked: a run that created no room must never pass its SLOs."""
    cfg, totals = report["config"], report["totals"]
    found = []
    rooms = sum(w["rooms"] for w in report["workers"].values())
    if rooms < cfg.get("rooms", 0):
        found.append(f"only {rooms} of {cfg.get('rooms')} rooms could be created (see errors)")
    if totals.get("joined", 0) == 0:
        found.append("no member joined: nothing was measured")
    elif totals.get("commands_sent", 0) + totals.get("relays_sent", 0) == 0:
        found.append("no command was sent: nothing was measured")
    return found


def apply_slos(report: dict[str, Any], slos: list[Slo]) -> bool:
    """Check every SLO into report["slo"] and the run's validity into report["problems"]; True when all hold."""
    report["slo"] = [s.check(report) for s in slos]
    report["problems"] = problems(report)
    report["ok"] = all(r["ok"] for r in report["slo"]) and not report["problems"]
    return bool(report["ok"])
