"""What one load worker measures: HDR latency histograms and counters, cut into 1-second intervals.

Latencies are recorded in microseconds into HdrHistogram (3 significant digits, up to 2 minutes),
so percentiles are exact to 0.1% however many samples there are, and histograms from several
workers or hosts merge losslessly (encoded histograms travel in the interval messages and in the
JSON report). Every interval is also kept on its own, for the latency-over-time plots.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hdrh.histogram import HdrHistogram

HIGHEST_US = 120_000_000

#: latency name -> what it measures (printed in the reports)
LATENCIES: dict[str, str] = {
    "join": "connect + join: WebSocket open to the room snapshot received",
    "ack": "command acknowledgement: send to ack",
    "fanout": "fan-out: the sender's send to each other member's receipt of the event (matched by seq)",
    "relay": "ephemeral relay (cursors): the sender's send to each other member's receipt",
    "loop_lag": "load tool's own event-loop lag (a 20 ms sleep's overshoot): tool overhead, not the server's",
    "schedule_lag": "load tool: how late planned actions fired (open-loop plan vs actual send)",
}

#: counter name -> meaning
COUNTERS: dict[str, str] = {
    "joins_planned": "participants whose join time has come",
    "joined": "participants joined (snapshot received)",
    "join_failed": "joins that failed (see errors)",
    "commands_sent": "commands sent",
    "acks_ok": "commands acknowledged ok",
    "refused": "commands refused (see errors)",
    "deliveries": "room events received by members",
    "relays_sent": "ephemeral messages sent",
    "relays_received": "ephemeral messages received",
    "lost": "events a member never received: its seq jumped past them",
    "missing_at_end": "events up to its room's last seq a connected member still lacked when the drain ended",
    "gaps": "times a member saw its seq jump",
    "duplicates": "events a member received twice",
    "reconnects": "sockets that dropped and were re-joined with resume + last_seq",
    "resyncs": "re-joins answered with a fresh snapshot (events in between not replayed)",
    "skipped": "planned commands not sent because their participant was not joined",
    "ack_timeouts": "commands with no ack within 10 s",
}


def new_histogram() -> HdrHistogram:
    return HdrHistogram(1, HIGHEST_US, 3)


def decode_histogram(encoded: str | bytes) -> HdrHistogram:
    return HdrHistogram.decode(encoded)


def stats(h: HdrHistogram) -> dict[str, float]:
    """The summary of one histogram in milliseconds."""
    n = h.get_total_count()
    if n == 0:
        return {"count": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "p99_9": 0.0, "max": 0.0, "mean": 0.0}

    def ms(us: float) -> float:
        return round(us / 1000.0, 3)

    return {
        "count": n,
        "p50": ms(h.get_value_at_percentile(50)),
        "p95": ms(h.get_value_at_percentile(95)),
        "p99": ms(h.get_value_at_percentile(99)),
        "p99_9": ms(h.get_value_at_percentile(99.9)),
        "max": ms(h.get_max_value()),
        "mean": ms(h.get_mean_value()),
    }


class Recorder:
    """One worker's measurements; `cut()` closes the current interval and returns it as plain data."""

    def __init__(self) -> None:
        self.interval = {name: new_histogram() for name in LATENCIES}
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self._cut_counts: Counter[str] = Counter()
        self._cut_errors: Counter[str] = Counter()

    def latency(self, name: str, seconds: float) -> None:
        us = int(seconds * 1_000_000)
        self.interval[name].record_value(1 if us < 1 else min(us, HIGHEST_US))

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n

    def error(self, code: str) -> None:
        self.errors[code] += 1

    def cut(self) -> dict[str, Any]:
        """This interval's counter deltas, error deltas and encoded histograms; starts a new interval."""
        counts = {k: v - self._cut_counts[k] for k, v in self.counts.items() if v != self._cut_counts[k]}
        errors = {k: v - self._cut_errors[k] for k, v in self.errors.items() if v != self._cut_errors[k]}
        self._cut_counts = Counter(self.counts)
        self._cut_errors = Counter(self.errors)
        hists = {}
        for name, h in self.interval.items():
            if h.get_total_count():
                hists[name] = h.encode().decode()
                self.interval[name] = new_histogram()  # HdrHistogram.reset() walks every bucket in Python
        return {"counts": counts, "errors": errors, "hist": hists}
