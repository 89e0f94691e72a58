"""SIGKILL and restart: every acknowledged event is still there, exactly once, in seq order."""

from __future__ import annotations

import asyncio
import contextlib
import random
from pathlib import Path

import socketio

from rooms.membership.events import MemberRenamed
from server.log.sqlite import SqliteLog
from tests.client import Client
from tests.conftest import ServerProcess, create_room


async def _rename_forever(c: Client, acked: list[tuple[int, str, str]], stop: asyncio.Event) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        name = f"{c.me['id'][-4:]}-{n}"
        try:
            ack = await c.call("rename", {"name": name}, timeout=2)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return
        if ack.get("ok"):
            acked.append((ack["seq"], c.me["id"], name))


async def test_kill_9_at_random_moments_loses_no_acknowledged_event(tmp_path: Path) -> None:
    rng = random.Random(7)
    server = ServerProcess(tmp_path / "data")
    server.start()
    await server.ready()
    room = await create_room(server.url, title="Durable")
    acked: list[tuple[int, str, str]] = []
    try:
        for _round in range(3):
            clients = []
            for i in range(4):
                c = Client(server.url)
                await c.connect(room["tokens"]["facilitator" if i == 0 else "participant"])
                assert (await c.join(f"P{i}"))["ok"]
                clients.append(c)
            stop = asyncio.Event()
            tasks = [asyncio.create_task(_rename_forever(c, acked, stop)) for c in clients]
            await asyncio.sleep(rng.uniform(0.3, 0.9))
            server.kill()  # SIGKILL: no flush, no goodbye
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            for c in clients:
                with contextlib.suppress(Exception):
                    await c.close()
            server.start()
            await server.ready()
    finally:
        server.kill()

    assert len(acked) > 50, "the clients should have had many commands acknowledged"
    log = SqliteLog(tmp_path / "data" / "rooms.sqlite3")
    try:
        stored = {s.seq: s.event for s in await log.read(room["room_id"], 0, limit=1_000_000)}
        state = await log.load(room["room_id"])
    finally:
        await log.close()
    assert sorted(stored) == list(range(1, len(stored) + 1)), "the log has holes or duplicates"
    for seq, member_id, name in acked:
        ev = stored[seq]
        assert isinstance(ev, MemberRenamed) and (ev.member_id, ev.name) == (member_id, name)
    assert state.seq >= max(seq for seq, _, _ in acked)
