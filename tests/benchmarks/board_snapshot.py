"""How big and how fast a full board is: snapshot bytes, encode/decode time, per-viewer projection,
apply throughput, and a real client's join (snapshot included) against a node holding that board.

    python -m tests.benchmarks.board_snapshot [--elements 2000] [--points 75] [--cards 300]

Prints figures; asserts nothing about speed (machines differ).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

import msgspec

from protocol.codec import to_wire
from rooms import Role, apply, views
from rooms.board.events import ElementAdded
from rooms.board.state import Element, ElementKind
from rooms.reflections.events import CardWritten
from rooms.reflections.state import Card
from server.log.codec import decode_state, encode_state
from tests.rooms.harness import room_with


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def full_room(elements: int, points: int, cards: int):  # type: ignore[no-untyped-def]
    rng = random.Random(1)
    room = room_with(("fac", Role.FACILITATOR), *((f"p{i}", Role.PARTICIPANT) for i in range(7)))
    state = room.state
    events = []
    for i in range(elements):
        pts = [(rng.uniform(0, 2000), rng.uniform(0, 2000)) for _ in range(points)]
        el = Element(id=f"e{i}", kind=ElementKind.STROKE, points=pts, version=1, by=f"p{i % 7}")
        events.append(ElementAdded(at=0.0, element=el))
    for i in range(cards):
        events.append(CardWritten(at=0.0, card=Card(id=f"c{i + 1}", author=f"p{i % 7}", prompt="", text="x" * 120)))
    t = time.perf_counter()
    for ev in events:
        apply(state, ev)
    applied = len(events) / (time.perf_counter() - t)
    return state, applied


async def join_time(state, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    """A real node whose log holds `state` as its snapshot; median ms from connect to snapshot applied."""
    from server.clock import FakeClock
    from server.log.sqlite import SqliteLog
    from tests.client import Client
    from tests.conftest import make_config, serve_in_process

    with tempfile.TemporaryDirectory() as tmp:
        config = make_config(Path(tmp))
        log = SqliteLog(config.data_dir / "rooms.sqlite3")
        state.room_id = "benchroom00"
        await log.save_snapshot(state.room_id, state)
        await log.close()
        async with serve_in_process(config, clock=FakeClock()) as server:
            token = server.node.signer.link(state.room_id, Role.PARTICIPANT, state.session)
            times = []
            for i in range(runs):
                c = Client(server.url)
                t = time.perf_counter()
                await c.connect(token)
                ack = await c.join(f"Bench {i}")
                assert ack["ok"] and c.snapshot is not None
                times.append((time.perf_counter() - t) * 1000)
                await c.close()
            return statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--elements", type=int, default=2000)
    p.add_argument("--points", type=int, default=75)
    p.add_argument("--cards", type=int, default=300)
    ns = p.parse_args()
    state, applied = full_room(ns.elements, ns.points, ns.cards)
    blob = encode_state(state)
    viewer = views.Viewer("p1", Role.PARTICIPANT)
    snap = msgspec.msgpack.encode(to_wire(views.view_state(state, viewer)))
    print(f"board: {ns.elements} strokes x {ns.points} points, {ns.cards} cards")
    print(f"apply:                 {applied:,.0f} events/s")
    print(f"stored snapshot:       {len(blob) / 1e6:.2f} MB")
    print(f"encode_state:          {timed(lambda: encode_state(state)):.1f} ms")
    print(f"decode_state:          {timed(lambda: decode_state(blob)):.1f} ms")
    print(f"viewer snapshot:       {len(snap) / 1e6:.2f} MB (msgpack)")
    print(f"view_state + to_wire:  {timed(lambda: to_wire(views.view_state(state, viewer))):.1f} ms per joining viewer")
    print(f"join over socket.io:   {asyncio.run(join_time(state)):.1f} ms median (connect, join, snapshot)")


if __name__ == "__main__":
    main()
