"""The durable path's per-command work, in process and without a network: CPU µs per step.

    python -m bench.hotpath [--commands 20000]

One room of six members, each updating its own sticky note (what `python -m bench.fanout`'s
pg-durable members send). Each step is what the node does for one `update_element`, in order: the
gateway's checks and decoding, the writer's `decide` and `apply`, the log's encoding, the follower's
`apply` and the one encoding of the event for every member, and the ack. Process CPU time
(`time.process_time`), so the figures hold on a busy machine better than wall time does; they are
for comparing changes, side by side, not a claim about a whole server.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from typing import Any

import msgspec

from protocol.codec import decode_command, to_wire
from protocol.messages import Ack
from rooms import CORE, RoomState
from rooms.board.commands import AddElement
from rooms.board.state import Element, ElementKind
from rooms.membership.commands import CreateRoom, Join
from rooms.state import Role
from server import fanout
from server.frames import non_finite
from server.log.codec import copy_off_loop, encode_event, encode_state
from server.translate import to_command

PAD = "x" * 96
_size = msgspec.msgpack.Encoder()


def room() -> RoomState:
    state = RoomState(room_id="r1")

    def run(cmd: Any) -> None:
        for ev in CORE.decide(state, cmd, 1000.0):
            CORE.apply(state, ev)

    run(CreateRoom(actor="", title="bench"))
    for i in range(6):
        run(Join(actor=f"m{i}", name=f"m{i}", role=Role.FACILITATOR if i == 0 else Role.PARTICIPANT))
        el = Element(id=f"e{i}", kind=ElementKind.STICKY, x=10 * i, w=160, h=120, color="#ffd43b")
        run(AddElement(actor=f"m{i}", element=el))
    return state


def check(payload: dict[str, Any]) -> Any:
    if len(_size.encode(payload)) > 64_000 or non_finite(payload):
        raise AssertionError
    return decode_command("update_element", payload)


def event_frame(seq: int, ev: Any) -> bytes:
    return fanout.frame_of(fanout.encode("event", {"seq": seq, "type": type(ev).__name__, "data": ev}))


def ack_frame(ack_id: int, seq: int) -> bytes:
    return fanout.frame_of(fanout.encode_ack(ack_id, to_wire(Ack(ok=True, seq=seq, now=0.0))))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--commands", type=int, default=20_000)
    args = p.parse_args()
    writer = room()
    follower = asyncio.run(copy_off_loop(writer))
    versions = [1] * 6
    spent: dict[str, float] = {}

    def timed(step: str, fn: Callable[[], Any]) -> Any:
        t = time.process_time()
        out = fn()
        spent[step] = spent.get(step, 0.0) + time.process_time() - t
        return out

    for n in range(args.commands):
        i = n % 6
        payload = {"id": f"e{i}", "base_version": versions[i], "patch": {"x": n % 1000, "y": 0, "text": f"t{n}|{PAD}"}}
        versions[i] += 1

        wire = timed("gateway: size, finite, decode", lambda p=payload: check(p))
        cmd = timed("gateway: to_command", lambda w=wire, a=f"m{i}": to_command(w, a))
        events = timed("writer: decide", lambda c=cmd, t=1000.0 + n: CORE.decide(writer, c, t))
        for ev in events:
            timed("writer: apply", lambda e=ev: CORE.apply(writer, e))
            timed("log: encode", lambda e=ev: encode_event(e))
            timed("follower: apply", lambda e=ev: CORE.apply(follower, e))
            timed("fan-out: encode once", lambda e=ev: event_frame(writer.seq, e))
        timed("ack: encode", lambda k=n: ack_frame(k, writer.seq))
    assert encode_state(writer) == encode_state(follower)
    total = sum(spent.values())
    print(f"{args.commands} update_element commands, one room of six; CPU µs per command (process time)\n")
    print("| step | µs/command | share |\n|---|---|---|")
    for step, s in spent.items():
        print(f"| {step} | {s / args.commands * 1e6:.1f} | {s / total:.0%} |")
    print(f"| **total** | **{total / args.commands * 1e6:.1f}** | |")


if __name__ == "__main__":
    main()
