"""The cluster log on a real redis-server: fenced appends, contiguous seqs, snapshots and trimming."""

from __future__ import annotations

import pytest

from rooms.membership.events import RoomCreated, RoomLocked, RoomUnlocked
from server.cluster.keys import room_key
from server.log import Fenced, LogUnavailable, Stamped
from server.log.redis_stream import RedisStreamLog
from tests.multinode.conftest import Cluster


async def own(cluster: Cluster, room_id: str, fence: int) -> None:
    await cluster.db.set(room_key(room_id, "fence"), fence)


async def test_a_stale_fencing_token_is_refused_by_the_log(cluster: Cluster) -> None:
    log = RedisStreamLog(cluster.db)
    await own(cluster, "r1", 2)
    await log.append("r1", [Stamped(1, RoomLocked(at=1.0, by="a"))], fence=2)
    await cluster.db.incr(room_key("r1", "fence"))  # another node took the room over
    with pytest.raises(Fenced):
        await log.append("r1", [Stamped(2, RoomLocked(at=2.0, by="a"))], fence=2)
    assert [s.seq for s in await log.read("r1", 0)] == [1]


async def test_an_append_that_does_not_follow_the_last_seq_is_refused(cluster: Cluster) -> None:
    log = RedisStreamLog(cluster.db)
    await own(cluster, "r1", 1)
    await log.append("r1", [Stamped(1, RoomLocked(at=1.0, by="a"))], fence=1)
    with pytest.raises(LogUnavailable):
        await log.append("r1", [Stamped(3, RoomLocked(at=2.0, by="a"))], fence=1)
    assert [s.seq for s in await log.read("r1", 0)] == [1]


async def test_a_snapshot_trims_the_stream_but_keeps_a_tail_and_loading_still_rebuilds_the_room(
    cluster: Cluster,
) -> None:
    log = RedisStreamLog(cluster.db, keep_below_snapshot=10)
    await own(cluster, "r1", 1)
    events = [Stamped(1, RoomCreated(at=1.0, room_id="r1", title="AAR"))]
    events += [
        Stamped(seq, (RoomLocked if seq % 2 == 0 else RoomUnlocked)(at=float(seq), by="m")) for seq in range(2, 31)
    ]
    await log.append("r1", events[:20], fence=1)
    state = await log.load("r1")
    assert state.seq == 20 and state.title == "AAR"
    await log.save_snapshot("r1", state)
    await log.append("r1", events[20:], fence=1)

    stored = [s.seq for s in await log.read("r1", 0)]
    assert stored == list(range(10, 31))  # below the snapshot, only the tail of 10 events is kept
    again = await log.load("r1")
    assert again.seq == 30 and again.title == "AAR" and again.locked
    assert await log.last_seq(["r1", "nothing"]) == [30, 0]
