"""The cluster backend: rooms owned by one node each through Redis leases, commands forwarded.

- Ownership: a fenced lease per room (cluster/lease.py). A command goes to the local RoomRunner if
  this node owns the room; to the owner over its pub/sub channel if another node does; and if
  nobody does, this node takes the lease, rebuilds the room from snapshot + Stream with `apply`
  and starts a RoomRunner, which re-arms the room's timers from its state.
- Fan-out: the owner publishes each batch once on the room's channel; a node subscribes only to
  rooms its sockets follow (the Hub calls subscribe/unsubscribe) and hands batches to its RoomFeed,
  which drops duplicates and repairs gaps from the Stream.
- Failover: every node watches the rooms it follows and takes over one whose lease lapsed.
- Presence: nodes keep a heartbeat key; the owner marks members whose node stopped beating as
  disconnected (the member -> node map lives in Redis, not in room state).
- Redis away: commands are refused as retryable `unavailable`, /readyz says not ready, and the
  loops below recover by themselves (re-subscribe, repair from the Stream, re-take leases).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

import redis.asyncio as aioredis
import redis.exceptions

from protocol.errors import ErrorCode, WireError
from rooms import Command, RoomState, next_deadline
from rooms.membership.commands import Disconnect, Join
from server.clock import Clock
from server.cluster import wire
from server.cluster.base import EventSink, ListenerSink, RelaySink
from server.cluster.bus import Bus
from server.cluster.keys import TIMERS, node_key, room_key
from server.cluster.lease import Leases, Owner
from server.cluster.presence import Presence
from server.config import Config
from server.log import LogUnavailable, Stamped
from server.log.codec import copy_off_loop
from server.log.redis_stream import RedisDown, RedisStreamLog
from server.runner import Accepted, Refused, RoomRunner

log = logging.getLogger(__name__)

FORWARD_TIMEOUT = 5.0
SUBMIT_BUDGET = 8.0  # below the gateway's 10 s, so the client gets our reason, not a bare timeout
MAX_HOPS = 2
#: how long a node forwarding a room's commands trusts the owner it last read, far inside the lease
#: (a GET per forwarded command was 7% of a forwarding node's time). A stale owner costs one more
#: hop (it forwards in turn) or, if it is gone, one failed publish and a fresh read.
OWNER_CACHE = 1.0
IDLE_RELEASE = 60.0
REPAIR_EVERY = 1.0

RedisErrors = (*RedisDown, redis.exceptions.RedisError, LogUnavailable)


def unavailable(message: str) -> Refused:
    return Refused(WireError.of(ErrorCode.UNAVAILABLE, message))


class RedisBackend:
    def __init__(self, config: Config, clock: Clock, node_id: str) -> None:
        assert config.redis_url
        self.node_id = node_id
        self._clock = clock
        self._lease_s = config.lease_seconds
        # A blocking pool: a burst (hundreds of sockets dropping at once, each submitting a
        # Disconnect) waits a moment for a connection instead of failing with MaxConnectionsError,
        # which the default pool raises past 100 connections and which stopped room runners.
        pool = aioredis.BlockingConnectionPool.from_url(
            config.redis_url, max_connections=256, timeout=2, socket_timeout=2, socket_connect_timeout=2
        )
        self._pool = pool
        self._redis = aioredis.Redis(connection_pool=pool)
        self.log = RedisStreamLog(self._redis, announce=self._announce)
        self._leases = Leases(self._redis, node_id, int(config.lease_seconds * 1000))
        self._presence = Presence(self._redis, node_id, config.heartbeat_seconds)
        self._bus = Bus(config.redis_url, self._on_bus, self._resync_all)
        self._rpc = node_key(node_id, "rpc")
        self.runners: dict[str, RoomRunner] = {}
        self._handing: dict[str, RoomRunner] = {}
        self._taking: dict[str, asyncio.Lock] = {}
        self._sinks: dict[str, tuple[EventSink, RelaySink]] = {}
        self._channels: dict[str, str] = {}
        self._seen: dict[str, int] = {}
        self._suspect: dict[str, int] = {}
        self._idle_since: dict[str, float] = {}
        self._replies: dict[str, asyncio.Future[wire.Reply]] = {}
        self._owners: dict[str, tuple[Owner, float]] = {}  # room -> (owner elsewhere, trusted until)
        self._tasks: list[asyncio.Task[None]] = []
        self._serving: set[asyncio.Task[None]] = set()
        self._draining = False
        self._listener_sink: ListenerSink | None = None
        self._on_owned: Callable[[str], None] | None = None
        self.takeovers = 0
        self.leases_lost = 0

    # -- life cycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._bus.start({self._rpc})
        for loop in (self._keep_leases, self._watch_followed, self._presence.beat, self._sweep_presence, self._repair):
            self._tasks.append(asyncio.create_task(loop(), name=loop.__name__))

    def ready(self) -> bool:
        return self._presence.healthy and self._bus.connected and not self._draining

    async def drain(self) -> None:
        """SIGTERM: finish every owned room's queued commands, snapshot it and let its lease go."""
        self._draining = True
        for room_id in list(self.runners):
            await self._hand_over(room_id)

    async def stop(self) -> None:
        await self.drain()
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await t
        with contextlib.suppress(*RedisErrors):
            await self._presence.forget()
        await self._bus.stop()
        await self._redis.aclose()
        await self._pool.disconnect()

    async def _hand_over(self, room_id: str) -> None:
        runner = self.runners.pop(room_id, None)
        if runner is None:
            return
        self._handing[room_id] = runner  # its last appends still announce its deadline
        try:
            await runner.finish()
            with contextlib.suppress(*RedisErrors):
                await self.log.save_snapshot(room_id, runner.state)
                await self._leases.release(room_id, runner.fence)
        finally:
            self._handing.pop(room_id, None)
            self._idle_since.pop(room_id, None)

    # -- commands ------------------------------------------------------------------------------

    async def submit(self, room_id: str, command: Command, hops: int = 0) -> Accepted:
        if hops == 0:
            try:
                if isinstance(command, Join):
                    await self._presence.here(room_id, command.actor)
                elif isinstance(command, Disconnect):
                    if not await self._presence.gone_from_here(room_id, command.actor):
                        # The member is connected through another node now (it moved during a drain).
                        return Accepted(seq=0, changed=False)
            except RedisErrors as exc:
                raise unavailable("the cluster store (Redis) is unreachable; retry shortly") from exc
        loop = asyncio.get_running_loop()
        give_up = loop.time() + SUBMIT_BUDGET
        while True:
            runner = self.runners.get(room_id)
            if runner is not None and not runner.stopped:
                return await runner.submit(command)
            if loop.time() > give_up:
                raise unavailable("the room's node is not answering; retry")
            try:
                owner = await self._owner(room_id)
                if owner is None or owner.node == self.node_id:
                    if self._draining:
                        raise unavailable("this node is shutting down; reconnect to another")
                    await self._take(room_id)
                    continue
                if hops >= MAX_HOPS:
                    raise unavailable("the room is changing owner; retry")
                try:
                    outcome = await self._forward(owner.node, room_id, command, hops)
                except Refused as refused:
                    if refused.error.code in (ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT):
                        self._owners.pop(room_id, None)  # it may have lost the room: read again next time
                    raise
            except RedisErrors as exc:
                raise unavailable("the cluster store (Redis) is unreachable; retry shortly") from exc
            if outcome is not None:
                return outcome
            # The owner is not listening (dead or cut off): its lease lapses within the TTL.
            self._owners.pop(room_id, None)
            await asyncio.sleep(0.1)

    async def _owner(self, room_id: str) -> Owner | None:
        """The room's owner, as last read if that was under OWNER_CACHE ago and it was another node."""
        now = asyncio.get_running_loop().time()
        known = self._owners.get(room_id)
        if known is not None and known[1] > now:
            return known[0]
        owner = await self._leases.owner(room_id)
        if owner is not None and owner.node != self.node_id:
            self._owners[room_id] = (owner, now + OWNER_CACHE)
        else:
            self._owners.pop(room_id, None)
        return owner

    async def _take(self, room_id: str) -> RoomRunner | None:
        """Become the room's owner if nobody is: rebuild it from the log and start its runner."""
        async with self._taking.setdefault(room_id, asyncio.Lock()):
            runner = self.runners.get(room_id)
            if runner is not None and not runner.stopped:
                return runner
            fence = await self._leases.acquire(room_id)
            if not fence:
                return None
            try:
                state = await self.log.load(room_id)
            except LogUnavailable:
                with contextlib.suppress(*RedisErrors):
                    await self._leases.release(room_id, fence)
                raise
            runner = RoomRunner(state, self.log, self._publish, self._clock, fence=fence)
            self.runners[room_id] = runner
            runner.start()
            self.takeovers += 1
            log.info("room %s: owned by %s with fence %d at seq %d", room_id, self.node_id, fence, state.seq)
            if self._on_owned is not None:
                self._on_owned(room_id)
            return runner

    async def _forward(self, node: str, room_id: str, command: Command, hops: int) -> Accepted | None:
        """Run `command` on `node`; None if nobody listens there (the owner is gone)."""
        type_name, body = wire.encode_command(command)
        req = wire.Request(
            id=secrets.token_hex(8), reply_to=self.node_id, room_id=room_id, command=type_name, body=body, hops=hops
        )
        fut: asyncio.Future[wire.Reply] = asyncio.get_running_loop().create_future()
        self._replies[req.id] = fut
        try:
            if await self._redis.publish(node_key(node, "rpc"), wire.encode(req)) == 0:
                return None
            reply = await asyncio.wait_for(fut, FORWARD_TIMEOUT)
        except TimeoutError:
            raise Refused(WireError.of(ErrorCode.TIMEOUT, "the room's node did not answer in time; retry")) from None
        finally:
            self._replies.pop(req.id, None)
        if reply.error is not None:
            raise Refused(reply.error)
        return Accepted(seq=reply.seq, changed=reply.changed)

    async def _serve(self, req: wire.Request) -> None:
        """Answer a command another node forwarded to us as the room's owner."""
        try:
            accepted = await self.submit(req.room_id, wire.decode_command(req.command, req.body), req.hops + 1)
            reply = wire.Reply(id=req.id, seq=accepted.seq, changed=accepted.changed)
        except Refused as exc:
            reply = wire.Reply(id=req.id, error=exc.error)
        except Exception:
            log.exception("forwarded command %s for room %s failed", req.command, req.room_id)
            reply = wire.Reply(id=req.id, error=WireError.of(ErrorCode.INTERNAL, "internal error"))
        with contextlib.suppress(*RedisErrors):
            await self._redis.publish(node_key(req.reply_to, "rpc"), wire.encode(reply))

    # -- fan-out -------------------------------------------------------------------------------

    def _announce(self, room_id: str, events: list[tuple[int, str, bytes]]) -> tuple[bytes, float | None]:
        """What the append script publishes for the other nodes, and when the room's timer fires."""
        runner = self.runners.get(room_id) or self._handing.get(room_id)
        deadline = next_deadline(runner.state) if runner is not None else None
        return wire.encode(wire.batch_of(self.node_id, events)), deadline

    async def _publish(self, room_id: str, events: list[Stamped]) -> None:
        """The owner's fan-out on this node; the append already published for the others."""
        self._deliver(room_id, events)

    def _deliver(self, room_id: str, events: list[Stamped]) -> None:
        sinks = self._sinks.get(room_id)
        if sinks is None or not events:
            return
        self._seen[room_id] = max(self._seen.get(room_id, 0), events[-1].seq)
        sinks[0](events)

    def _on_bus(self, channel: str, data: bytes) -> None:
        msg = wire.decode(data)
        if isinstance(msg, wire.Reply):
            fut = self._replies.get(msg.id)
            if fut is not None and not fut.done():
                fut.set_result(msg)
        elif isinstance(msg, wire.Request):
            task = asyncio.get_running_loop().create_task(self._serve(msg))
            self._serving.add(task)  # keep a reference until it is done
            task.add_done_callback(self._serving.discard)
        elif isinstance(msg, wire.Relay) and channel == self._rpc:
            self._for_listener(msg.message)
        elif msg.origin == self.node_id:
            return  # our own publish, already delivered locally
        elif (room_id := self._channels.get(channel)) is not None and (sinks := self._sinks.get(room_id)):
            if isinstance(msg, wire.Batch):
                self._deliver(room_id, wire.stamped_of(msg))
            else:
                sinks[1](msg.message)

    async def subscribe(self, room_id: str, on_events: EventSink, on_relay: RelaySink) -> None:
        channel = room_key(room_id, "ch")
        # Where a resync starts: what the log holds now is in the state the Hub loads next.
        with contextlib.suppress(LogUnavailable):
            self._seen[room_id] = (await self.log.last_seq([room_id]))[0]
        self._sinks[room_id] = (on_events, on_relay)
        self._channels[channel] = room_id
        await self._bus.subscribe(channel)

    async def unsubscribe(self, room_id: str) -> None:
        channel = room_key(room_id, "ch")
        self._sinks.pop(room_id, None)
        self._owners.pop(room_id, None)
        self._channels.pop(channel, None)
        self._seen.pop(room_id, None)
        self._suspect.pop(room_id, None)
        await self._bus.unsubscribe(channel)

    async def relay(self, room_id: str, message: dict[str, Any]) -> None:
        sinks = self._sinks.get(room_id)
        if sinks is not None:
            sinks[1](message)
        with contextlib.suppress(*RedisErrors):
            await self._redis.publish(room_key(room_id, "ch"), wire.encode(wire.Relay(self.node_id, message)))

    # -- the room's listener (server/media/) lives with its writer -------------------------------

    def serve_listeners(self, on_message: ListenerSink, on_owned: Callable[[str], None]) -> None:
        self._listener_sink, self._on_owned = on_message, on_owned

    relays_at_once = False  # other nodes hear a relay through a Redis publish: `relay` awaits it

    def relay_now(self, room_id: str, message: dict[str, Any]) -> None:
        raise NotImplementedError("relays go through Redis: use relay")

    def local_writer(self, room_id: str) -> RoomRunner | None:
        """Our runner when we own the room: a member's command (never Join or Disconnect) goes straight in."""
        runner = self.runners.get(room_id)
        return None if runner is None or runner.stopped else runner

    def owned_state(self, room_id: str) -> RoomState | None:
        runner = self.runners.get(room_id)
        return None if runner is None or runner.stopped else runner.state

    async def to_listener(self, room_id: str, message: dict[str, Any]) -> None:
        """Straight to our listener if we own the room; else over the owner's rpc channel."""
        with contextlib.suppress(*RedisErrors):
            if self.owned_state(room_id) is None:
                owner = await self._leases.owner(room_id)
                if owner is not None and owner.node != self.node_id:
                    await self._redis.publish(
                        node_key(owner.node, "rpc"),
                        wire.encode(wire.Relay(self.node_id, {**message, "room_id": room_id})),
                    )
                    return
                if not self._draining:
                    await self._take(room_id)
            if self._listener_sink is not None and self.owned_state(room_id) is not None:
                await self._listener_sink(room_id, message)

    def _for_listener(self, message: dict[str, Any]) -> None:
        room_id = message.pop("room_id", None)
        if not isinstance(room_id, str) or self._listener_sink is None or self.owned_state(room_id) is None:
            return
        sink = self._listener_sink

        async def deliver() -> None:
            await sink(room_id, message)

        task = asyncio.get_running_loop().create_task(deliver())
        self._serving.add(task)
        task.add_done_callback(self._serving.discard)

    async def read(self, room_id: str, after: int) -> list[Stamped]:
        try:
            return await self.log.read(room_id, after)
        except LogUnavailable as exc:
            raise unavailable("the cluster store (Redis) is unreachable; retry shortly") from exc

    async def load(self, room_id: str) -> RoomState:
        runner = self.runners.get(room_id)
        if runner is not None and not runner.stopped:
            return await copy_off_loop(runner.state)
        try:
            return await self.log.load(room_id)
        except RedisErrors as exc:
            raise unavailable("the cluster store (Redis) is unreachable; retry shortly") from exc

    # -- loops that keep the cluster whole ------------------------------------------------------

    async def _keep_leases(self) -> None:
        """Renew owned rooms' leases; stop the runner of any room whose lease another node took."""
        while True:
            await asyncio.sleep(self._lease_s / 3)
            for room_id, runner in list(self.runners.items()):
                if runner.stopped:  # fenced, or its log went away: whoever owns it next rebuilds it
                    self.runners.pop(room_id, None)
                    with contextlib.suppress(*RedisErrors):
                        await self._leases.release(room_id, runner.fence)
            held = {room_id: r.fence for room_id, r in self.runners.items()}
            try:
                kept = await self._leases.renew(held)
            except RedisErrors:
                continue  # nobody else can take them while Redis is away; fencing guards the rest
            for room_id, ok in kept.items():
                current = self.runners.get(room_id)
                if not ok and current is not None and current.fence == held[room_id]:
                    log.warning("room %s: lease lost to another node; stopping here", room_id)
                    self.leases_lost += 1
                    self.runners.pop(room_id, None)
                    await current.stop()
            await self._release_idle()

    async def _release_idle(self) -> None:
        """Let go of rooms nobody here follows and no timer needs, so ownership follows the members."""
        now = asyncio.get_running_loop().time()
        for room_id, runner in list(self.runners.items()):
            if room_id in self._sinks or not runner.idle:
                self._idle_since.pop(room_id, None)
            elif now - self._idle_since.setdefault(room_id, now) > IDLE_RELEASE:
                await self._hand_over(room_id)

    async def _watch_followed(self) -> None:
        """Take over followed rooms whose owner's lease lapsed (the owner died): timers go on."""
        while True:
            await asyncio.sleep(self._lease_s / 4)
            if self._draining:
                continue
            try:
                # Rooms followed here, and rooms anywhere whose timer fires soon (nobody may follow them).
                due = await self._redis.zrangebyscore(TIMERS, "-inf", self._clock.now() + 2 * self._lease_s)
                rooms = sorted({*self._sinks, *(r.decode() for r in due)} - set(self.runners))
                owners = await self._leases.owners(rooms)
                for room_id, owner in zip(rooms, owners, strict=True):
                    if owner is None and not self._draining:
                        await self._take(room_id)
            except RedisErrors:
                continue

    async def _sweep_presence(self) -> None:
        """As owner: members whose node stopped its heartbeat are shown as disconnected.

        A heartbeat key lives 1.5 intervals after the last beat (beats come every half interval) and
        this sweep runs every quarter interval: a dead node is noticed within 1.75 intervals."""
        while True:
            await asyncio.sleep(self._presence.interval / 4)
            try:
                orphans = await self._presence.orphans(list(self.runners))
            except RedisErrors:
                continue
            for room_id, members in orphans.items():
                runner = self.runners.get(room_id)
                for member_id in members:
                    if runner is not None and not runner.stopped and member_id in runner.state.members:
                        with contextlib.suppress(Refused):
                            await runner.submit(Disconnect(actor=member_id))

    async def _repair(self) -> None:
        """Backstop for lost publishes with no later event to reveal them: compare last seqs."""
        while True:
            await asyncio.sleep(REPAIR_EVERY)
            rooms = list(self._sinks)
            try:
                lasts = await self.log.last_seq(rooms)
            except LogUnavailable:
                continue
            for room_id, last in zip(rooms, lasts, strict=True):
                seen = self._seen.get(room_id, 0)
                # Only a gap that outlived one round is repaired: the publish may be on its way.
                if last > seen and self._suspect.get(room_id, 0) >= last:
                    await self._resync(room_id)
                self._suspect[room_id] = last

    async def _resync_all(self) -> None:
        """The bus reconnected: publishes made while it was away are lost; fetch them."""
        for room_id in list(self._sinks):
            await self._resync(room_id)

    async def _resync(self, room_id: str) -> None:
        try:
            missing = await self.log.read(room_id, self._seen.get(room_id, 0))
        except LogUnavailable:
            return
        self._deliver(room_id, missing)
