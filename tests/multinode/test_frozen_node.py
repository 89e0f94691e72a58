"""A node that freezes (SIGSTOP) for a few seconds keeps its members and answers every command."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from tests.client import Client
from tests.multinode.conftest import Cluster, eventually
from tests.server.test_metrics import scrape

FREEZE_SECONDS = 7.0
GRACE_SECONDS = 12.0
ANSWER_WITHIN = 15.0


def member_events(c: Client, type_: str, member_id: str) -> list[dict[str, Any]]:
    return [e for e in c.events if e["type"] == type_ and e["data"].get("member_id") == member_id]


async def test_a_node_frozen_for_seven_seconds_keeps_its_members_and_answers_every_command(cluster: Cluster) -> None:
    n0, n1 = await cluster.start(2)
    room = await cluster.create_room(n0, reconnect_grace=GRACE_SECONDS)
    ann = await cluster.member(n0, room, "facilitator", "Ann")  # n0 owns the room
    bob = await cluster.member(n1, room, "participant", "Bob")
    cy = await cluster.member(n1, room, "participant", "Cy")
    loop = asyncio.get_running_loop()

    frozen_at = loop.time()
    n1.kill(signal.SIGSTOP)
    try:
        # The owner sees n1's heartbeat stop and shows its members as disconnected.
        await ann.wait_for(lambda c: bool(member_events(c, "MemberDisconnected", bob.me["id"])), timeout=10)
        sent_at = loop.time()
        calls = [
            asyncio.create_task(bob.call("rename", {"name": f"Bob {i}"}, timeout=ANSWER_WITHIN + 10)) for i in range(5)
        ]
        await asyncio.sleep(max(0.0, frozen_at + FREEZE_SECONDS - loop.time()))
    finally:
        n1.kill(signal.SIGCONT)
    acks = await asyncio.gather(*calls, return_exceptions=True)
    answered_in = loop.time() - sent_at
    answered = [a for a in acks if isinstance(a, dict)]
    codes = [a["error"]["code"] if not a["ok"] else "ok" for a in answered]
    print(f"\nfrozen {FREEZE_SECONDS:.0f} s: {len(answered)}/5 commands answered in {answered_in:.1f} s: {codes}")
    assert len(answered) == 5, acks
    assert all(code in ("ok", "timeout", "unavailable") for code in codes), codes

    # Past the reconnect grace: the live sockets were re-announced, nobody was closed as left.
    for who in (bob, cy):
        await ann.wait_for(lambda c, who=who: bool(member_events(c, "MemberReturned", who.me["id"])), timeout=10)
    await asyncio.sleep(GRACE_SECONDS + 2)
    left = [e for e in ann.events if e["type"] == "MemberLeft"]
    closed = [m for c in (bob, cy) for name, m in c.received if name == "closed"]
    kept = [c for c in (bob, cy) if c.sio.connected]
    print(f"after the freeze: members kept {len(kept)}/2, left events {len(left)}, closed sockets {len(closed)}")
    assert not left and not closed
    assert bob.sio.connected and cy.sio.connected
    # The sockets still work end to end: a command after the freeze is accepted and reaches the owner.
    ack = await bob.call("rename", {"name": "Bob after"})
    assert ack["ok"], ack
    await ann.wait_seq(ack["seq"])
    await eventually(lambda: ann.events[-1]["data"].get("name") == "Bob after")

    seen = await scrape(n1.url)
    print(
        f"n1 metrics: stalls {seen['peergroup_pubsub_stalls_total']:.0f}, "
        f"re-announced {seen['peergroup_presence_reannounced_total']:.0f}, redis up {seen['peergroup_redis_up']:.0f}"
    )
    assert seen["peergroup_pubsub_stalls_total"] >= 1 and seen["peergroup_presence_reannounced_total"] >= 2
    assert seen["peergroup_redis_up"] == 1 and seen["peergroup_members_connected"] == 2
