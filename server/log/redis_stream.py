"""The cluster log: one Redis Stream per room, a snapshot hash beside it, fenced appends.

Stream entry ids are `<seq>-0`, so reading "everything after seq N" is one XRANGE and Redis itself
refuses an id that does not grow. The append is a Lua script (atomic on the server): it checks the
writer's fencing token against the room's current one and that the first seq follows the last
stored one, then adds the entries. A paused ex-owner whose lease was taken over therefore cannot
write, however late it wakes up (Kleppmann's fencing tokens).
"""

from __future__ import annotations

from collections.abc import Callable

import redis.asyncio as aioredis
import redis.exceptions

from rooms import RoomState
from server.cluster.keys import TIMERS, room_key
from server.log.base import Fenced, LogUnavailable, Stamped, replay
from server.log.codec import decode_event, decode_state, encode_event, encode_state

#: events kept below the latest snapshot, so a briefly disconnected client gets events, not a snapshot
KEEP_BELOW_SNAPSHOT = 2000

# KEYS: fence, last, log, channel, timers. ARGV: fence, first seq, message to publish ('' for
# none), the room's next deadline ('' for none), the room id, then (type, body) per event.
# Publishing in the same script saves a round trip on every command and publishes exactly what
# was stored, nothing else.
APPEND = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current ~= tonumber(ARGV[1]) then return {'fenced', current} end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local first = tonumber(ARGV[2])
if last + 1 ~= first then return {'seq', last} end
local n = (#ARGV - 5) / 2
for i = 0, n - 1 do
  redis.call('XADD', KEYS[3], string.format('%d-0', first + i), 't', ARGV[6 + 2 * i], 'b', ARGV[7 + 2 * i])
end
redis.call('SET', KEYS[2], string.format('%d', first + n - 1))
if ARGV[3] ~= '' then redis.call('PUBLISH', KEYS[4], ARGV[3]) end
local room = ARGV[5]
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[5], ARGV[4], room) else redis.call('ZREM', KEYS[5], room) end
return {'ok', first + n - 1}
"""

SNAPSHOT = """
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local seq = tonumber(ARGV[1])
if seq <= current then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'body', ARGV[2])
local keep = seq - tonumber(ARGV[3])
if keep > 0 then redis.call('XTRIM', KEYS[2], 'MINID', string.format('%d-0', keep)) end
return 1
"""

RedisDown = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


#: what gets stored per event: (seq, event type name, msgpack body)
Encoded = list[tuple[int, str, bytes]]
#: with each append: the message to publish on the room's channel (b"" for none) and the room's
#: next deadline, kept in a cluster-wide sorted set so some node takes the room over in time
Announce = Callable[[str, Encoded], tuple[bytes, float | None]]


class RedisStreamLog:
    def __init__(
        self, client: aioredis.Redis, keep_below_snapshot: int = KEEP_BELOW_SNAPSHOT, announce: Announce | None = None
    ) -> None:
        self._redis = client
        self._keep = keep_below_snapshot
        self._announce = announce
        self._append = client.register_script(APPEND)
        self._snapshot = client.register_script(SNAPSHOT)

    async def append(self, room_id: str, events: list[Stamped], fence: int = 0) -> None:
        if not events:
            return
        encoded = [(s.seq, *encode_event(s.event)) for s in events]
        message, deadline = self._announce(room_id, encoded) if self._announce is not None else (b"", None)
        args: list[str | bytes | int | float] = [fence, events[0].seq, message, "" if deadline is None else deadline]
        args.append(room_id)
        for _, type_name, body in encoded:
            args += (type_name, body)
        keys = [*(room_key(room_id, k) for k in ("fence", "last", "log", "ch")), TIMERS]
        try:
            outcome, value = await self._append(keys=keys, args=args)
        except RedisDown as exc:
            raise LogUnavailable(f"redis: {exc}") from exc
        except redis.exceptions.RedisError as exc:
            raise LogUnavailable(f"redis refused the append: {exc}") from exc
        if outcome == b"fenced":
            raise Fenced(f"room {room_id}: fencing token {fence} is stale (now {value})")
        if outcome == b"seq":
            # Our copy of the room is behind the log (an append whose reply was lost); the runner
            # reloads from the log, so retrying is safe.
            raise LogUnavailable(f"room {room_id}: log is at seq {value}, not {events[0].seq - 1}")

    async def read(self, room_id: str, after: int, limit: int = 10_000) -> list[Stamped]:
        try:
            rows = await self._redis.xrange(room_key(room_id, "log"), min=f"{after + 1}-0", max="+", count=limit)
        except RedisDown as exc:
            raise LogUnavailable(f"redis: {exc}") from exc
        out = []
        for entry_id, fields in rows:
            seq = int(entry_id.split(b"-", 1)[0])
            out.append(Stamped(seq, decode_event(fields[b"t"].decode(), fields[b"b"])))
        return out

    async def last_seq(self, room_ids: list[str]) -> list[int]:
        """The last stored seq of each room (0 for a room without events), in one round trip."""
        if not room_ids:
            return []
        try:
            values = await self._redis.mget([room_key(r, "last") for r in room_ids])
        except RedisDown as exc:
            raise LogUnavailable(f"redis: {exc}") from exc
        return [int(v) if v is not None else 0 for v in values]

    async def load(self, room_id: str) -> RoomState:
        try:
            snap = await self._redis.hget(room_key(room_id, "snap"), "body")
        except RedisDown as exc:
            raise LogUnavailable(f"redis: {exc}") from exc
        state = decode_state(snap) if snap is not None else RoomState(room_id=room_id)
        while True:
            batch = await self.read(room_id, state.seq)
            if not batch:
                return state
            for s in batch:
                if s.seq != state.seq + 1:
                    raise LogUnavailable(f"room {room_id}: log has a hole at seq {state.seq + 1}")
                replay(state, s.event)

    async def save_snapshot(self, room_id: str, state: RoomState) -> None:
        keys = [room_key(room_id, "snap"), room_key(room_id, "log")]
        try:
            await self._snapshot(keys=keys, args=[state.seq, encode_state(state), self._keep])
        except RedisDown as exc:
            raise LogUnavailable(f"redis: {exc}") from exc

    async def close(self) -> None:
        """The client belongs to the backend, which closes it."""
