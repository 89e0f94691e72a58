"""Assemble one node: aiohttp + socket.io + the backend (embedded, or Redis when configured)."""

from __future__ import annotations

import contextlib
import logging
import os
import socket

import socketio
from aiohttp import web

from protocol.codec import to_wire
from protocol.messages import Moved
from server import fanout
from server.clock import Clock, SystemClock
from server.cluster.base import Backend
from server.config import Config
from server.gateway import Gateway
from server.http_api import HttpApi
from server.hub import Hub
from server.media.service import Listeners
from server.metrics import Metrics
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
        origins: list[str] | None = None
        if config.allowed_origins:
            origins = [*config.allowed_origins, config.base_url()]
        self.sio = socketio.AsyncServer(
            async_mode="aiohttp",
            serializer="msgpack",
            cors_allowed_origins=origins,
            ping_interval=config.ping_interval,
            ping_timeout=config.ping_timeout,
            max_http_buffer_size=1024 * 1024,
            async_handlers=False,
        )
        fanout.without_compression(self.sio)
        self.gateway = Gateway(config, self.signer, self.clock, self.metrics)
        self.sio.register_namespace(self.gateway)
        self.hub = Hub(self.backend, self.clock, self.gateway.close_socket)
        self.gateway.bind(self.hub)
        self.listeners = Listeners(
            config, self.clock, self.node_id, self.hub.submit, self.hub.relay, self.backend.owned_state, self.metrics
        )
        self.backend.serve_listeners(self.listeners.on_message, self.listeners.on_owned)
        self.api = HttpApi(config, self.signer, self.backend, self.hub, self.metrics)
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app[NODE_KEY] = self
        self.sio.attach(self.app)
        self.api.routes(self.app)
        self.app.on_startup.append(self._start)
        self.app.on_shutdown.append(self._drain)
        self.app.on_cleanup.append(self._stop)

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
        for sid in list(self.gateway.conns):
            await self.sio.disconnect(sid)
        await self.backend.stop()
        log.info("stopped")
