"""The fan-out seam (server/fanout.py) against stock python-socketio: same bytes, same order, no deflate."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import engineio.packet
from socketio.msgpack_packet import MsgPackPacket
from socketio.packet import EVENT

from server import fanout
from server.outbox import EPHEMERAL_LIMIT, Outbox
from tests.conftest import InProcessServer, make_config, serve_in_process


def test_an_event_is_encoded_to_the_bytes_python_socketio_would_send() -> None:
    data = {"seq": 7, "type": "ElementUpdated", "data": {"x": 1.5, "text": "héllo", "points": [[1, 2]], "n": None}}
    stock = MsgPackPacket(EVENT, data=["event", data], namespace="/").encode()
    assert fanout.encode("event", data).data == stock


async def test_one_encoded_event_reaches_every_member_in_seq_order_after_their_acks(server: InProcessServer) -> None:
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")
    others = [await server.member(room, "participant", f"P{i}") for i in range(3)]
    element = {"id": "n1", "kind": "sticky", "w": 10, "h": 10, "text": "first"}
    ack = await fay.call("add_element", {"element": element})
    for n in range(2, 12):
        nxt = await fay.call("update_element", {"id": "n1", "base_version": n - 1, "patch": {"text": f"v{n}"}})
        assert nxt["ok"], nxt
    for c in [fay, *others]:
        await c.wait_seq(ack["seq"] + 10)
        updates = [e for e in c.events if e["type"] in ("ElementAdded", "ElementUpdated")]
        assert [e["data"]["element"]["text"] for e in updates] == ["first", *(f"v{n}" for n in range(2, 12))]
        seqs = [e["seq"] for e in c.events]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


async def test_a_relay_is_shared_by_the_others_and_not_echoed_to_its_sender(server: InProcessServer) -> None:
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")
    pat = await server.member(room, "participant", "Pat")
    kim = await server.member(room, "participant", "Kim")
    assert (await pat.call("move_cursor", {"x": 4.5, "y": 2.0}))["ok"]
    for c in (fay, kim):
        await c.wait_for(lambda c: any(n == "relay" for n, _ in c.received))
        relays = [d for n, d in c.received if n == "relay"]
        assert relays == [{"type": "move_cursor", "member_id": pat.me["id"], "data": {"x": 4.5, "y": 2.0}}]
    await asyncio.sleep(0.05)
    assert not [d for n, d in pat.received if n == "relay"]


async def test_websockets_decline_permessage_deflate_offered_by_the_client(server: InProcessServer) -> None:
    url = f"{server.url}/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as s, s.ws_connect(url, compress=15) as ws:
        opened = await ws.receive_str()
        assert opened.startswith("0{")  # engine.io's OPEN packet came through the fast writer
        assert ws.compress == 0  # the client offered permessage-deflate; the server declined


class QueueOnly:
    """A stand-in for engine.io's socket with only what the outbox reads: an open flag and a real queue."""

    def __init__(self) -> None:
        self.closed = False
        self.queue: asyncio.Queue[object] = asyncio.Queue()


async def test_a_client_that_falls_behind_loses_ephemeral_messages_first_and_each_drop_is_counted() -> None:
    sock = QueueOnly()
    shed: list[int] = []
    outbox = Outbox("s1", sock, on_overflow=lambda sid: None, on_shed=lambda: shed.append(1))
    for i in range(EPHEMERAL_LIMIT):
        outbox.put("event", {"seq": i})
    outbox.put("relay", {"type": "move_cursor"}, ephemeral=True)
    outbox.put("event", {"seq": EPHEMERAL_LIMIT})
    assert len(shed) == 1
    assert sock.queue.qsize() == EPHEMERAL_LIMIT + 1  # the ordered event still went out


async def test_metrics_count_the_ephemeral_messages_shed(server: InProcessServer) -> None:
    server.node.gateway._shed()
    async with aiohttp.ClientSession() as s, s.get(f"{server.url}/metrics") as r:
        assert "peergroup_relays_shed_total 1.0" in await r.text()


async def test_after_the_join_every_command_and_relay_takes_the_fast_path(server: InProcessServer) -> None:
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")
    paths = server.node.metrics.command_paths
    general = paths.counts["general"]
    fast = paths.counts["fast"]
    element = {"id": "n1", "kind": "sticky", "w": 10, "h": 10, "text": "first"}
    assert (await fay.call("add_element", {"element": element}))["ok"]
    for n in range(2, 12):
        ack = await fay.call("update_element", {"id": "n1", "base_version": n - 1, "patch": {"text": f"v{n}"}})
        assert ack["ok"], ack
        await fay.sio.emit("move_cursor", {"x": n, "y": n})
    await fay.call("lower_hand", {})  # after the relays: every frame before it was handled
    assert paths.counts["general"] == general
    assert paths.counts["fast"] == fast + 22


async def test_idle_sockets_are_pinged_by_one_timer_and_a_client_that_stops_answering_is_closed(
    tmp_path: Path,
) -> None:
    """engine.io's pings come from fanout.Pinger (no task per ping): a stock client idle for many
    ping intervals stays connected (it closes itself without pings), and one whose pongs stop is
    closed by the server after ping_interval + ping_timeout of silence."""
    async with serve_in_process(make_config(tmp_path, ping_interval=1.0, ping_timeout=1.0)) as server:
        room = await server.create_room()
        idle = await server.member(room, "participant", "Ida")
        deaf = await server.member(room, "participant", "Dee")
        sent = []
        eio = deaf.sio.eio
        real_send = eio._send_packet

        async def no_pongs(pkt: Any) -> None:  # the deaf client's engine.io never answers a PING
            if pkt.packet_type == engineio.packet.PONG:
                sent.append(pkt)
                return
            await real_send(pkt)

        eio._send_packet = no_pongs
        await asyncio.sleep(4.2)  # four ping intervals
        assert idle.sio.connected
        assert (await idle.call("raise_hand", {}))["ok"]
        assert sent, "the server sent no PING"
        ping_tasks = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__.endswith("_send_ping")]
        assert ping_tasks == []  # engine.io keeps one per socket; only its first, at connect, ever ran
        assert not deaf.sio.connected  # the server closed it: it heard nothing for 2 s


async def test_a_command_the_room_does_not_answer_in_time_is_refused_as_retryable_and_the_next_one_lands(
    server: InProcessServer,
) -> None:
    """The fast path's timeouts share one timer (gateway.Deadlines): a command whose write hangs is
    answered `timeout` at its deadline, and the socket goes on."""
    gateway = server.node.gateway
    gateway._deadlines.after = 0.3
    room = await server.create_room()
    fay = await server.member(room, "facilitator", "Fay")

    def note(n: str) -> dict[str, Any]:
        return {"element": {"id": n, "kind": "sticky", "w": 10, "h": 10, "text": n}}

    for n in range(20):  # until the room's writer runs on this node (on a loaded machine, > 0.3 s)
        warm = await fay.call("add_element", note(f"w{n}"))
        if warm["ok"]:
            break
    assert warm["ok"], warm
    runner = server.node.hub.backend.local_writer(room["room_id"])
    assert runner is not None
    log, release = runner._log, asyncio.Event()

    class Stuck:
        """The durable log, with its next append held until `release`."""

        async def append(self, *args: Any, **kwargs: Any) -> None:
            await release.wait()
            await log.append(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(log, name)

    runner._log = Stuck()
    ack = await fay.call("add_element", note("stuck"), timeout=5)
    assert ack["ok"] is False and ack["error"]["code"] == "timeout" and ack["error"]["retryable"], ack
    gateway._deadlines.after = 10.0
    release.set()
    runner._log = log
    later = await fay.call("add_element", note("later"))
    assert later["ok"], later
    assert fay.sio.connected
