"""A room whose members sit on different nodes behaves exactly as on one node."""

from __future__ import annotations

from tests.client import Client
from tests.multinode.conftest import Cluster


def history(c: Client) -> list[tuple[int, str]]:
    return [(e["seq"], e["type"]) for e in c.events]


async def test_a_room_with_members_on_three_nodes_behaves_like_one_node(cluster: Cluster) -> None:
    n0, n1, n2 = await cluster.start(3)
    room = await cluster.create_room(n0, title="Check-in")
    ann = await cluster.member(n0, room, "facilitator", "Ann")
    bob = await cluster.member(n1, room, "participant", "Bob")
    cy = await cluster.member(n2, room, "participant", "Cy")

    acks = [
        await ann.call("lock_room"),
        await bob.call("rename", {"name": "Bob B"}),
        await cy.call("rename", {"name": "Cy C"}),
        await ann.call("unlock_room"),
    ]
    assert all(a["ok"] for a in acks), acks
    last = acks[-1]["seq"]
    for c in (ann, bob, cy):
        await c.wait_seq(last)

    # Everyone saw the same events after their own join, in seq order, with no hole.
    tail = [(s, t) for s, t in history(ann) if s > cy.snapshot["seq"]]  # type: ignore[index]
    assert [(s, t) for s, t in history(bob) if s > cy.snapshot["seq"]] == tail  # type: ignore[index]
    assert history(cy) == tail
    assert [s for s, _ in tail] == list(range(tail[0][0], last + 1))
    assert [t for _, t in tail[-4:]] == ["RoomLocked", "MemberRenamed", "MemberRenamed", "RoomUnlocked"]

    # A late joiner on any node gets a snapshot with everyone in it.
    dee = await cluster.member(n2, room, "observer", "Dee")
    names = {m["name"] for m in dee.snapshot["state"]["members"]}  # type: ignore[index]
    assert names == {"Ann", "Bob B", "Cy C", "Dee"}


async def test_a_command_sent_to_a_node_that_does_not_own_the_room_is_applied_by_the_owner(cluster: Cluster) -> None:
    n0, n1 = await cluster.start(2)
    room = await cluster.create_room(n0, title="Forwarding")
    owner = await cluster.owner(room["room_id"])
    assert owner is not None and owner.node == "n0"

    ann = await cluster.member(n1, room, "facilitator", "Ann")  # her join is forwarded to n0
    ack = await ann.call("lock_room")
    assert ack["ok"], ack
    await ann.wait_seq(ack["seq"])
    assert ann.events[-1]["type"] == "RoomLocked"
    assert (await cluster.owner(room["room_id"])) == owner  # n0 still owns it: n1 forwarded

    refused = await ann.call("admit", {"target": "m-nobody"})
    assert refused["error"]["code"] == "no_such_member"  # the owner's refusal travels back intact


async def test_a_removal_on_one_node_disconnects_the_member_on_another(cluster: Cluster) -> None:
    n0, n1 = await cluster.start(2)
    room = await cluster.create_room(n0)
    ann = await cluster.member(n0, room, "facilitator", "Ann")
    bob = await cluster.member(n1, room, "participant", "Bob")
    ack = await ann.call("remove_member", {"target": bob.me["id"]})
    assert ack["ok"], ack
    await bob.wait_for(lambda c: any(n == "closed" for n, _ in c.received))
    again = await cluster.client(n1, room["tokens"]["participant"])
    refused = await again.join("Bob", resume=bob.me["token"])
    assert refused["error"]["code"] == "removed"


async def test_a_cursor_moved_on_one_node_is_relayed_to_the_other_and_never_logged(cluster: Cluster) -> None:
    n0, n1 = await cluster.start(2)
    room = await cluster.create_room(n0)
    ann = await cluster.member(n0, room, "facilitator", "Ann")
    bob = await cluster.member(n1, room, "participant", "Bob")
    seq = ann.seq
    ack = await bob.call("move_cursor", {"x": 412.5, "y": 230.0})
    assert ack["ok"] and ack["seq"] is None, ack
    await ann.wait_for(lambda c: any(n == "relay" for n, _ in c.received))
    relay = next(d for n, d in ann.received if n == "relay")
    assert relay["member_id"] == bob.me["id"] and relay["data"]["x"] == 412.5
    assert ann.seq == seq  # ephemeral: no event, no seq
    assert not any(n == "relay" for n, _ in bob.received)  # not echoed to its sender
