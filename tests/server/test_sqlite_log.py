"""The embedded log's writing: commits never checkpoint (a thread of its own does), a room is listed
from its first events, and what was appended is read back whole after a reopen."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from rooms.membership.events import MemberRenamed
from server.log import Stamped
from server.log.sqlite import SqliteLog


def renames(first: int, n: int) -> list[Stamped]:
    seqs = range(first, first + n)
    return [Stamped(seq, MemberRenamed(at=float(seq), member_id="m1", name=f"n{seq}")) for seq in seqs]


async def test_commits_leave_checkpoints_to_their_own_thread_and_it_backfills_the_whole_wal(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    log = SqliteLog(path)
    assert log._conn().execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    for i in range(20):
        await log.append("r1", renames(1 + 50 * i, 50))
        await log.append("r2", renames(1 + 50 * i, 50))
    assert log._checkpointing is not None
    await log._checkpointing  # the first append started one: a commit never waits for it
    # Run the checkpointer once more after the last commit: every frame of the WAL is then in the database.
    log._checkpoint()
    busy, frames, backfilled = sqlite3.connect(path).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, frames) == (0, backfilled)
    assert log.checkpoint_failures == 0
    await log.close()

    again = SqliteLog(path)
    assert sorted(await again.room_ids()) == ["r1", "r2"]
    got = await again.read("r2", 0)
    assert [s.seq for s in got] == list(range(1, 1001))
    assert got[-1].event == renames(1000, 1)[0].event
    await again.close()


async def test_a_room_is_listed_once_from_its_first_events_and_a_batch_of_many_rooms_is_one_commit(
    tmp_path: Path,
) -> None:
    log = SqliteLog(tmp_path / "log.sqlite3")
    await log.append("r1", renames(1, 3))
    await log.append("r1", renames(4, 3))
    # Appends queued while a commit is on disk join the next one: some rooms new, some not.
    await asyncio.gather(*(log.append(f"s{i}", renames(1, 2)) for i in range(30)), log.append("r1", renames(7, 1)))
    assert sorted(await log.room_ids()) == sorted(["r1", *(f"s{i}" for i in range(30))])
    assert [s.seq for s in await log.read("r1", 0)] == list(range(1, 8))
    await log.close()
