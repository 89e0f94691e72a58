"""Per-room fan-out over pub/sub: only followers subscribe, and lost publishes are repaired."""

from __future__ import annotations

from server.cluster.keys import room_key
from tests.multinode.conftest import Cluster, eventually


async def subscribers(cluster: Cluster, room_id: str) -> int:
    [(_, count)] = await cluster.db.pubsub_numsub(room_key(room_id, "ch"))
    return int(count)


async def test_a_node_subscribes_only_to_rooms_its_sockets_follow(cluster: Cluster) -> None:
    n0, n1 = await cluster.start(2)
    room = await cluster.create_room(n0)
    rid = room["room_id"]
    assert await subscribers(cluster, rid) == 0  # created, but nobody is in it yet
    await cluster.member(n0, room, "facilitator", "Ann")
    assert await subscribers(cluster, rid) == 1
    bob = await cluster.member(n1, room, "participant", "Bob")
    assert await subscribers(cluster, rid) == 2
    ack = await bob.call("leave")
    assert ack["ok"], ack
    await eventually(_numsub_is(cluster, rid, 1))


def _numsub_is(cluster: Cluster, rid: str, expected: int):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return await subscribers(cluster, rid) == expected

    return check


async def test_a_lost_publish_is_repaired_from_the_stream(cluster: Cluster) -> None:
    # n0 owns the room and, on purpose, never publishes seq 5 and 6 (it still stores them).
    lossy = {0: ["tests.multinode.lossy_node"]}
    n0, n1 = await cluster.start(2, env={0: {"PEERGROUP_TEST_DROP_PUBLISH": "5,6"}}, modules=lossy)
    room = await cluster.create_room(n0)  # seq 1
    ann = await cluster.member(n0, room, "facilitator", "Ann")  # seq 2
    bob = await cluster.member(n1, room, "participant", "Bob")  # seq 3
    assert bob.seq == 3

    assert (await ann.call("rename", {"name": "Ann 4"}))["seq"] == 4
    # seq 5 is lost and nothing follows it: the node's periodic check against the Stream finds it.
    assert (await ann.call("rename", {"name": "Ann 5"}))["seq"] == 5
    await bob.wait_seq(5)
    # seq 6 is lost and seq 7 arrives: the feed sees the hole and fills it before going on.
    assert (await ann.call("rename", {"name": "Ann 6"}))["seq"] == 6
    assert (await ann.call("rename", {"name": "Ann 7"}))["seq"] == 7
    await bob.wait_seq(7)

    assert [(e["seq"], e["data"]["name"]) for e in bob.events if e["type"] == "MemberRenamed"] == [
        (4, "Ann 4"),
        (5, "Ann 5"),
        (6, "Ann 6"),
        (7, "Ann 7"),
    ]


async def test_a_relay_reaches_the_followers_on_other_nodes_and_is_never_logged(cluster: Cluster) -> None:
    # Two backends in this process against the real Redis: the socket layer above them is the same
    # as everywhere; this checks the cluster path of ephemeral messages (cursors, media signals).
    from server.clock import SystemClock
    from server.cluster.redis import RedisBackend
    from server.config import Config

    config = Config(redis_url=cluster.redis.url, lease_seconds=2.0, heartbeat_seconds=1.0)
    a, b = RedisBackend(config, SystemClock(), "a"), RedisBackend(config, SystemClock(), "b")
    got: dict[str, list[dict]] = {"a": [], "b": []}  # type: ignore[type-arg]
    try:
        for name, backend in (("a", a), ("b", b)):
            await backend.start()
            await backend.subscribe("r1", lambda batch: None, got[name].append)
        await eventually(lambda: a.ready() and b.ready())
        message = {"type": "cursor", "member_id": "m-1", "data": {"x": 1, "y": 2}, "to": None}
        await a.relay("r1", message)
        await eventually(lambda: got["b"] == [message])
        assert got["a"] == [message]  # delivered once locally, its own echo from Redis dropped
        assert await cluster.db.exists(room_key("r1", "log")) == 0
    finally:
        await a.stop()
        await b.stop()
