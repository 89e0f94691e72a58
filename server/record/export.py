"""`peergroup export`: a room's record read straight from a node's data directory (no server needed;
SQLite's WAL lets it read while the node runs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rooms import RoomState
from server.log.sqlite import SqliteLog
from server.record.build import board_json, build_record
from server.record.render import to_csv, to_markdown
from server.record.svg import board_svg

FORMATS: dict[str, Callable[[RoomState], str]] = {
    "md": lambda s: to_markdown(build_record(s)),
    "json": lambda s: json.dumps(build_record(s), indent=2, ensure_ascii=False) + "\n",
    "csv": lambda s: to_csv(build_record(s)),
    "svg": lambda s: board_svg(s.board) + "\n",
    "board-json": lambda s: json.dumps(board_json(s), indent=2, ensure_ascii=False) + "\n",
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
