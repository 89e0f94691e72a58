"""A room logged before appliers became strict still opens after an upgrade, with the state it had."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from rooms import ImpossibleEvent, apply
from rooms.floor import commands as f
from rooms.floor import events as fe
from server.log.base import Stamped
from server.log.sqlite import SqliteLog
from tests.rooms.room import Room


def test_a_log_with_an_event_the_old_appliers_swallowed_still_loads(tmp_path: Path) -> None:
    room = Room(participants=2)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    ended = room.do(f.EndTurn(actor="fac"))
    duplicate = next(e for e in ended if isinstance(e, fe.TurnEnded))
    with pytest.raises(ImpossibleEvent):  # what a late tick used to log: the same turn ended twice
        apply(room.snapshot(), duplicate)
    logged = [*room.log, duplicate]

    async def store_and_load() -> tuple[int, object]:
        log = SqliteLog(tmp_path / "rooms.sqlite3")
        await log.append(room.state.room_id, [Stamped(i + 1, e) for i, e in enumerate(logged)])
        state = await log.load(room.state.room_id)
        await log.close()
        return state.seq, state.floor

    seq, floor = asyncio.run(store_and_load())
    assert seq == len(logged)
    assert floor == room.state.floor
