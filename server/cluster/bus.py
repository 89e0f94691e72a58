"""A node's one pub/sub connection: subscribe per room, and never go deaf without noticing.

Redis drops a subscriber it cuts off (full output buffer, restart, network) and the messages it
missed are gone; python-socketio's stock manager has been seen to stop listening silently in that
case. So this loop (1) pings on its own connection and treats silence as a dead connection,
(2) reconnects with backoff and subscribes to every channel again, and (3) tells the backend it
came back, so the backend repairs every followed room from the Stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from server.log.redis_stream import RedisDown

log = logging.getLogger(__name__)

PING_EVERY = 1.0
SILENCE_LIMIT = 3.0
CONFIRM_TIMEOUT = 2.0

OnMessage = Callable[[str, bytes], None]
OnReconnected = Callable[[], Coroutine[Any, Any, None]]


class Bus:
    def __init__(self, url: str, on_message: OnMessage, on_reconnected: OnReconnected) -> None:
        self._url = url
        self._on_message = on_message
        self._on_reconnected = on_reconnected
        self._channels: set[str] = set()
        self._pubsub: aioredis.client.PubSub | None = None
        self._confirm: dict[str, list[asyncio.Future[None]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._resync: asyncio.Task[None] | None = None
        self.connected = False
        self.reconnects = 0
        self.stalls = 0
        #: times the connection went silent and was replaced (a deaf subscriber noticed)
        self.deaf = 0

    def start(self, channels: set[str]) -> None:
        self._channels |= channels
        self._task = asyncio.create_task(self._run(), name="bus")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def subscribe(self, channel: str) -> None:
        """Subscribe and wait for Redis to confirm, so nothing published afterwards is missed."""
        self._channels.add(channel)
        ps = self._pubsub
        if ps is None or not self.connected:
            return  # subscribed on (re)connect
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._confirm.setdefault(channel, []).append(fut)
        try:
            await ps.subscribe(channel)
            await asyncio.wait_for(fut, CONFIRM_TIMEOUT)
        except (TimeoutError, *RedisDown):
            log.warning("subscription to %s not confirmed; the reconnect loop will redo it", channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        ps = self._pubsub
        if ps is not None and self.connected:
            with contextlib.suppress(*RedisDown):
                await ps.unsubscribe(channel)

    async def _run(self) -> None:
        backoff = 0.1
        first = True
        while True:
            # No retries inside redis-py: a reconnect it did silently would hide lost messages.
            client = aioredis.from_url(
                self._url, socket_connect_timeout=2, socket_timeout=None, retry=Retry(NoBackoff(), 0)
            )
            ps = client.pubsub()
            try:
                channels = set(self._channels)
                await ps.subscribe(*channels)
                self._pubsub = ps
                await self._listen(ps, first, channels)
            except asyncio.CancelledError:
                raise
            except (*RedisDown, TimeoutError) as exc:
                if self.connected or first:
                    log.warning("pub/sub connection lost (%s); reconnecting", exc)
            finally:
                self.connected = False
                self._pubsub = None
                with contextlib.suppress(Exception):
                    await ps.aclose()
                with contextlib.suppress(Exception):
                    await client.aclose()
            first = False
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)

    async def _listen(self, ps: aioredis.client.PubSub, first: bool, channels: set[str]) -> None:
        loop = asyncio.get_running_loop()
        heard = pinged = woke = loop.time()
        pending = set(channels)
        while True:
            msg = await ps.get_message(timeout=PING_EVERY)
            now = loop.time()
            if now - woke > PING_EVERY + SILENCE_LIMIT:
                # This process was stalled (SIGSTOP, a VM pause), not Redis silent: what was
                # published meanwhile waits in the socket. Keep the connection, ping it now, and
                # fetch from the Stream anything Redis may have dropped for us.
                log.warning("pub/sub loop stalled %.1f s; checking the connection", now - woke)
                self.stalls += 1
                heard = pinged = now
                await ps.ping()
                if self.connected:
                    self._resync = asyncio.create_task(self._on_reconnected())
            woke = now
            if msg is not None:
                heard = now
                kind = msg["type"]
                channel = msg["channel"].decode() if isinstance(msg.get("channel"), bytes) else msg.get("channel")
                if kind == "message":
                    try:
                        self._on_message(channel, msg["data"])
                    except Exception:
                        log.exception("bus message on %s could not be handled", channel)
                elif kind == "subscribe":
                    for fut in self._confirm.pop(channel, []):
                        if not fut.done():
                            fut.set_result(None)
                    pending.discard(channel)
                    if not pending and not self.connected:
                        # Rooms followed or left while (re)connecting.
                        if added := self._channels - channels:
                            await ps.subscribe(*added)
                        if gone := channels - self._channels:
                            await ps.unsubscribe(*gone)
                        self.connected = True
                        if not first:
                            self.reconnects += 1
                            log.info("pub/sub back: subscribed to %d channels again", len(self._channels))
                            self._resync = asyncio.create_task(self._on_reconnected())
            if now - pinged >= PING_EVERY:
                await ps.ping()
                pinged = now
            if now - heard > SILENCE_LIMIT:
                self.deaf += 1
                raise TimeoutError("no answer on the pub/sub connection")
