"""`peergroup export`: a room's record read straight from its log, no server needed: a node's data
directory (SQLite's WAL lets it read while the node runs), or a cluster's Redis Stream."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rooms import RoomState
from server.log.sqlite import SqliteLog
from server.record.build import board_json, build_record
from server.record.render import to_csv, to_markdown
from server.record.small_groups import boards_svg

#: format -> render(state, now)
FORMATS: dict[str, Callable[[RoomState, float], str]] = {
    "md": lambda s, now: to_markdown(build_record(s, now)),
    "json": lambda s, now: json.dumps(build_record(s, now), indent=2, ensure_ascii=False) + "\n",
    "csv": lambda s, now: to_csv(build_record(s, now)),
    "svg": lambda s, now: boards_svg(s) + "\n",
    "board-json": lambda s, now: json.dumps(board_json(s), indent=2, ensure_ascii=False) + "\n",
}


class NoSuchRoom(Exception):
    """The data directory holds no such room."""


async def load_room(data_dir: Path, room_id: str) -> RoomState:
    """The room's latest state from the node's log (snapshot + events after it)."""
    db = data_dir / "rooms.sqlite3"
    if not db.exists():
        raise NoSuchRoom(f"no room data in {data_dir}")
    log = SqliteLog(db)
    try:
        state = await log.load(room_id)
    finally:
        await log.close()
    if not state.created:
        raise NoSuchRoom(f"no room {room_id!r} in {data_dir}")
    return state


async def load_clustered_room(redis_url: str, room_id: str) -> RoomState:
    """The room's latest state from a cluster's Redis (its snapshot + Stream), read-only."""
    import redis.asyncio as aioredis

    from server.log.redis_stream import RedisStreamLog

    client = aioredis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=10)
    try:
        state = await RedisStreamLog(client).load(room_id)
    except (OSError, aioredis.RedisError) as exc:
        raise NoSuchRoom(f"cannot read the cluster store at {redis_url}: {exc}") from None
    finally:
        await client.aclose()
    if not state.created:
        raise NoSuchRoom(f"no room {room_id!r} in the cluster at {redis_url}")
    return state
