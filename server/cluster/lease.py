"""Room ownership: a lease per room in Redis, with a fencing token that only ever grows.

The lease key holds `node|fence` and expires unless renewed (`SET NX PX` semantics, done in Lua
so that check and set are one step). Taking a lease INCRs the room's fence counter; the log's
append script compares the writer's token with that counter, so once a new owner has taken over,
an old owner that wakes up from a pause is refused however late its write arrives.
"""

from __future__ import annotations

from typing import NamedTuple

import redis.asyncio as aioredis

from server.cluster.keys import room_key

ACQUIRE = """
local current = redis.call('GET', KEYS[1])
if current then
  local node = string.match(current, '^(.*)|')
  if node ~= ARGV[1] then return {0, current} end
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. fence, 'PX', ARGV[2])
return {fence, ''}
"""

# Renew our lease; if it lapsed (Redis was away) and nobody took the room meanwhile (the fence is
# still ours), take it back with the same token.
RENEW = """
local mine = ARGV[1] .. '|' .. ARGV[2]
local current = redis.call('GET', KEYS[1])
if current == mine then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
if not current and redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
  return 1
end
return 0
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Owner(NamedTuple):
    node: str
    fence: int


def parse_owner(value: bytes | None) -> Owner | None:
    if value is None:
        return None
    node, _, fence = value.decode().rpartition("|")
    return Owner(node, int(fence))


class Leases:
    def __init__(self, client: aioredis.Redis, node_id: str, ttl_ms: int) -> None:
        self._redis = client
        self.node_id = node_id
        self.ttl_ms = ttl_ms
        self._acquire = client.register_script(ACQUIRE)
        self._renew = client.register_script(RENEW)
        self._release = client.register_script(RELEASE)

    async def owner(self, room_id: str) -> Owner | None:
        return parse_owner(await self._redis.get(room_key(room_id, "owner")))

    async def owners(self, room_ids: list[str]) -> list[Owner | None]:
        if not room_ids:
            return []
        return [parse_owner(v) for v in await self._redis.mget([room_key(r, "owner") for r in room_ids])]

    async def acquire(self, room_id: str) -> int:
        """Take the room if nobody (or this node, before a restart) holds it: the new fence, or 0."""
        keys = [room_key(room_id, "owner"), room_key(room_id, "fence")]
        fence, _ = await self._acquire(keys=keys, args=[self.node_id, self.ttl_ms])
        return int(fence)

    async def renew(self, held: dict[str, int]) -> dict[str, bool]:
        """Renew every lease in `held` (room -> fence) in one round trip; False where it was lost."""
        if not held:
            return {}
        pipe = self._redis.pipeline(transaction=False)
        for room_id, fence in held.items():
            keys = [room_key(room_id, "owner"), room_key(room_id, "fence")]
            await self._renew(keys=keys, args=[self.node_id, fence, self.ttl_ms], client=pipe)
        results = await pipe.execute()
        return {room_id: bool(ok) for room_id, ok in zip(held, results, strict=True)}

    async def release(self, room_id: str, fence: int) -> None:
        await self._release(keys=[room_key(room_id, "owner")], args=[f"{self.node_id}|{fence}"])
