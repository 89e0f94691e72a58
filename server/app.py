"""Assemble one node: aiohttp + socket.io + the backend (embedded, or Redis when configured)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from typing import Any

from aiohttp import web

from protocol.codec import to_wire
from protocol.messages import Moved
from server import fanout
from server.clock import Clock, SystemClock
from server.cluster.base import Backend
from server.config import Config
from server.frames import FrameGuard, RefusalLog
from server.gateway import Gateway
from server.http_api import HttpApi
from server.http_guard import AddressLimiter
from server.hub import Hub
from server.media.service import Listeners
from server.metrics import Metrics, TimedLog
from server.tokens import Signer

log = logging.getLogger(__name__)

NODE_KEY = web.AppKey("node", object)


class Node:
    """Everything one server process runs, wired together; `app` is what aiohttp serves."""

    def __init__(self, config: Config, clock: Clock | None = None, backend: Backend | None = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.metrics = Metrics()
        self.signer = Signer(config.token_secret())
        self.node_id = config.node_id or f"{socket.gethostname()}:{config.port}:{os.getpid()}"
        self.backend = backend or self._backend()
        if hasattr(self.backend, "log"):
            self.backend.log = TimedLog(self.backend.log, self.metrics)
        self.gateway = Gateway(config, self.signer, self.clock, self.metrics)
        self.sio = FrameGuard(
            self.gateway.refuse_frame,
            RefusalLog(time.monotonic),  # wall pacing of log lines, not room time
            async_mode="aiohttp",
            serializer="msgpack",
            cors_allowed_origins=config.socket_origins(),
            ping_interval=config.ping_interval,
            ping_timeout=config.ping_timeout,
            max_http_buffer_size=1024 * 1024,
            async_handlers=True,  # commands never block the socket's reader (heartbeats); see gateway.py
        )
        fanout.install(self.sio)
        self.sio.guard_text_frames()
        self.sio.register_namespace(self.gateway)
        self.sio.handle_now = self.gateway.handle_now
        self.hub = Hub(self.backend, self.clock, self.gateway.close_socket)
        self.gateway.bind(self.hub)
        self.listeners = Listeners(
            config, self.clock, self.node_id, self.hub.submit, self.hub.relay, self.backend.owned_state, self.metrics
        )
        self.backend.serve_listeners(self.listeners.on_message, self.listeners.on_owned)
        self.api = HttpApi(config, self.signer, self.backend, self.hub, self.metrics)
        limiter = AddressLimiter(config.http_requests_per_second, config.http_burst, self.metrics)
        self.app = web.Application(client_max_size=1024 * 1024, middlewares=[limiter.middleware])
        self.app[NODE_KEY] = self
        self.sio.attach(self.app)
        self.api.routes(self.app)
        self.metrics.watch(self._observed)
        self.app.on_startup.append(self._start)
        self.app.on_shutdown.append(self._drain)
        self.app.on_cleanup.append(self._stop)

    def _observed(self) -> dict[str, tuple[str, str, float]]:
        """What /metrics reads from the node's parts at each scrape."""
        b: Any = self.backend
        bus = getattr(b, "_bus", None)
        presence = getattr(b, "_presence", None)
        out: dict[str, tuple[str, str, float]] = {
            "peergroup_gaps_repaired": ("counter", "Event gaps filled from the durable log", self.hub.gaps_repaired),
            "peergroup_store_available": ("gauge", "1 while the log (and Redis) can take writes", int(b.ready())),
            "peergroup_rooms_owned": ("gauge", "Rooms whose single writer runs on this node", len(b.runners)),
            "peergroup_members_connected": (
                "gauge",
                "Sockets attached to a room on this node",
                sum(len(f.sockets) for f in self.hub.feeds.values()),
            ),
            "peergroup_presence_reannounced": (
                "counter",
                "Live sockets announced again after the room showed them disconnected",
                self.hub.reannounced,
            ),
            "peergroup_frames_refused": ("counter", "Frames refused below the namespace", self.sio.refusals.refused),
        }
        if bus is not None and presence is not None:
            out |= {
                "peergroup_redis_up": ("gauge", "1 while this node's Redis heartbeat succeeds", int(presence.healthy)),
                "peergroup_pubsub_reconnects": ("counter", "Pub/sub connections made again", bus.reconnects),
                "peergroup_pubsub_deaf": ("counter", "Silent pub/sub connections detected and replaced", bus.deaf),
                "peergroup_pubsub_stalls": ("counter", "Times this process stalled (paused) under pub/sub", bus.stalls),
                "peergroup_lease_takeovers": ("counter", "Rooms this node became the owner of", b.takeovers),
                "peergroup_lease_losses": ("counter", "Rooms whose lease another node took", b.leases_lost),
            }
        return out

    def _backend(self) -> Backend:
        if self.config.redis_url:
            from server.cluster.redis import RedisBackend  # the cluster feature

            return RedisBackend(self.config, self.clock, self.node_id)  # type: ignore[no-any-return]
        from server.cluster.embedded import LocalBackend
        from server.log.sqlite import SqliteLog

        return LocalBackend(SqliteLog(self.config.data_dir / "rooms.sqlite3"), self.clock, self.node_id)

    async def _start(self, app: web.Application) -> None:
        await self.backend.start()
        self.listeners.start()
        self._presence = asyncio.create_task(self.hub.keep_present(), name="keep_present")
        self.api.started = True

    async def _drain(self, app: web.Application) -> None:
        """SIGTERM: hand the rooms over, then tell every socket to reconnect (to another node)."""
        self.api.started = False
        log.info("draining: handing rooms over and moving %d sockets", len(self.gateway.conns))
        await self.backend.drain()
        for sid in list(self.gateway.conns):
            with contextlib.suppress(Exception):
                await self.sio.emit("moved", to_wire(Moved(reason="this server is shutting down; reconnect")), to=sid)
        for sid in list(self.gateway.conns):
            await self.sio.disconnect(sid)
        if self.sio.eio.sockets:  # close the transports too, or shutdown waits for each client to
            await self.sio.eio.disconnect()
        log.info("drained")

    async def _stop(self, app: web.Application) -> None:
        self.api.started = False
        await self.listeners.stop()
        self._presence.cancel()
        for sid in list(self.gateway.conns):
            await self.sio.disconnect(sid)
        await self.backend.stop()
        log.info("stopped")
