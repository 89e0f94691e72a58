"""Prometheus metrics of a node (prometheus-client: the standard exposition, nothing hand-rolled)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


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
        self.sockets = Gauge("peergroup_sockets", "Connected sockets", registry=r)
        self.rooms = Gauge("peergroup_rooms_followed", "Rooms with members on this node", registry=r)
        self.connect_refused = Counter("peergroup_connect_refused_total", "Refused connects", ["code"], registry=r)
        self.http_refusals = Counter(
            "peergroup_http_refusals_total", "HTTP API requests refused, by code or status", ["code"], registry=r
        )
