"""Prometheus metrics of a node (prometheus-client: the standard exposition, nothing hand-rolled).

Counters that live where the work happens (the bus, the feeds, the backend, the log) are read at
scrape time by `NodeCollector`, so those modules keep plain integer attributes and no metrics import.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.commands = Counter("peergroup_commands_total", "Commands received", ["outcome"], registry=r)
        self.refusals = Counter("peergroup_refusals_total", "Commands refused", ["code"], registry=r)
        self.command_seconds = Histogram(
            "peergroup_command_seconds",
            "From receipt to acknowledgement",
            registry=r,
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
        )
        self.command_paths = Tally(
            "peergroup_command_paths_total",
            "Event frames by the gateway's path: fast (straight into this node's writer) or general (a task)",
            "path",
            ("fast", "general"),
            registry=r,
        )
        self.gc_pause = Histogram(
            "peergroup_gc_pause_seconds",
            "Pauses of the cyclic garbage collector, by generation (2: a full collection)",
            ["generation"],
            registry=r,
            buckets=LATENCY_BUCKETS,
        )
        self.sockets = Gauge("peergroup_sockets", "Connected sockets", registry=r)
        self.rooms = Gauge("peergroup_rooms_followed", "Rooms with members on this node", registry=r)
        self.relays_shed = Counter(
            "peergroup_relays_shed_total", "Ephemeral messages dropped for a client that fell behind", registry=r
        )
        self.connect_refused = Counter("peergroup_connect_refused_total", "Refused connects", ["code"], registry=r)
        # the rooms' listeners on this node (server/media/)
        self.listened = Gauge("peergroup_listener_peers", "Microphones this node's listeners hear", registry=r)
        self.unanalysed = Counter(
            "peergroup_listener_unanalysed_seconds_total",
            "Audio a listener heard but skipped because it had fallen behind",
            registry=r,
        )
        self.http_refusals = Counter(
            "peergroup_http_refusals_total", "HTTP API requests refused, by code or status", ["code"], registry=r
        )
        self.command_latency = Histogram(
            "peergroup_command_latency_seconds",
            "From receipt to acknowledgement of an accepted command, by command",
            ["command"],
            registry=r,
            buckets=LATENCY_BUCKETS,
        )
        self.log_append_seconds = Histogram(
            "peergroup_log_append_seconds", "One durable append (a group commit)", registry=r, buckets=LATENCY_BUCKETS
        )
        self.log_append_failures = Counter(
            "peergroup_log_append_failures_total", "Appends the durable log refused", registry=r
        )
        self.outbox_overflows = Counter(
            "peergroup_outbox_overflows_total", "Sockets dropped for falling too far behind", registry=r
        )

    def watch(self, read: Callable[[], dict[str, tuple[str, str, float]]]) -> None:
        """Export what `read()` returns at each scrape: name -> (kind, help, value)."""
        self.registry.register(NodeCollector(read))


class Tally:
    """A counter by one label, kept as plain integers (`counts[value] += 1`) and read at scrape time.

    For counts taken on every frame: prometheus_client's `Counter.inc` takes a mutex each time, which
    was 3% of a node's time at 12,000 deliveries/s (docs/benchmarks.md). The loop is the only writer.
    """

    def __init__(self, name: str, help_: str, label: str, values: tuple[str, ...], registry: CollectorRegistry) -> None:
        self.name, self.help, self.label = name, help_, label
        self.counts: dict[str, int] = dict.fromkeys(values, 0)
        registry.register(self)

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(self.name, self.help, labels=[self.label])
        for value, n in self.counts.items():
            family.add_metric([value], n)
        yield family

    def describe(self) -> list[Any]:
        return []


class NodeCollector:
    """Values read from the node when /metrics is scraped."""

    def __init__(self, read: Callable[[], dict[str, tuple[str, str, float]]]) -> None:
        self._read = read

    def collect(self) -> Iterator[Metric]:
        for name, (kind, help_, value) in self._read().items():
            family = CounterMetricFamily if kind == "counter" else GaugeMetricFamily
            metric = family(name, help_)
            metric.add_metric([], value)
            yield metric

    def describe(self) -> list[Any]:
        return []


class TimedLog:
    """The durable log with each append timed and each failure counted; everything else passes through."""

    def __init__(self, inner: Any, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def append(self, *args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        try:
            await self._inner.append(*args, **kwargs)
        except Exception:
            self._metrics.log_append_failures.inc()
            raise
        self._metrics.log_append_seconds.observe(time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
