"""Presence across nodes: node heartbeats, and which node each member's socket is on.

The member -> node map is a hash per room in Redis (not room state: it is about sockets, not the
meeting). The room's owner asks it which members sit on nodes that stopped beating and marks them
disconnected, so a dead node's participants show as gone within two heartbeat intervals.
"""

from __future__ import annotations

import asyncio
import logging

import redis.asyncio as aioredis

from server.cluster.keys import node_key, room_key
from server.log.redis_stream import RedisDown

log = logging.getLogger(__name__)

# Forget the member only if it is still mapped to this node (it may have moved on already).
GONE_FROM_HERE = """
local at = redis.call('HGET', KEYS[1], ARGV[1])
if at == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) return 1 end
if not at then return 1 end
return 0
"""


class Presence:
    def __init__(self, client: aioredis.Redis, node_id: str, interval: float) -> None:
        self._redis = client
        self.node_id = node_id
        self.interval = interval
        self.healthy = False
        self._healthy_since: float | None = None
        self._gone_from_here = client.register_script(GONE_FROM_HERE)

    async def beat(self) -> None:
        """Refresh this node's heartbeat; it expires 1.5 intervals after the last beat."""
        ttl_ms = int(self.interval * 1500)
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self._redis.set(node_key(self.node_id, "alive"), b"1", px=ttl_ms)
                if not self.healthy:
                    log.info("redis reachable")
                    self._healthy_since = loop.time()
                self.healthy = True
            except RedisDown as exc:
                if self.healthy:
                    log.warning("redis unreachable: %s", exc)
                self.healthy = False
                self._healthy_since = None
            await asyncio.sleep(self.interval / 2)

    async def here(self, room_id: str, member_id: str) -> None:
        await self._redis.hset(room_key(room_id, "where"), member_id, self.node_id)

    async def gone_from_here(self, room_id: str, member_id: str) -> bool:
        """Forget that `member_id` is on this node; False if it is on another node by now."""
        return bool(await self._gone_from_here(keys=[room_key(room_id, "where")], args=[member_id, self.node_id]))

    async def orphans(self, room_ids: list[str]) -> dict[str, list[str]]:
        """Members of each room whose node stopped beating (forgotten here); two round trips in all."""
        since = self._healthy_since
        if not room_ids or since is None or asyncio.get_running_loop().time() - since < 2 * self.interval:
            return {}  # just back from an outage: other nodes may not have beaten yet
        pipe = self._redis.pipeline(transaction=False)
        for room_id in room_ids:
            pipe.hgetall(room_key(room_id, "where"))
        wheres: list[dict[bytes, bytes]] = await pipe.execute()
        nodes = sorted({n for where in wheres for n in where.values() if n.decode() != self.node_id})
        if not nodes:
            return {}
        pipe = self._redis.pipeline(transaction=False)
        for n in nodes:
            pipe.exists(node_key(n.decode(), "alive"))
        dead = {n for n, alive in zip(nodes, await pipe.execute(), strict=True) if not alive}
        out: dict[str, list[str]] = {}
        for room_id, where in zip(room_ids, wheres, strict=True):
            members = [m for m, n in where.items() if n in dead]
            if members:
                await self._redis.hdel(room_key(room_id, "where"), *members)
                log.info("room %s: members of stopped nodes %s shown as disconnected", room_id, dead)
                out[room_id] = [m.decode() for m in members]
        return out

    async def forget(self) -> None:
        await self._redis.delete(node_key(self.node_id, "alive"))
