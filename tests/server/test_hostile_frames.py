"""Hostile frames: each gets a clear refusal or a close of its own connection, one log line at most."""

from __future__ import annotations

import logging
from typing import Any

import msgpack
import pytest

from tests.conftest import InProcessServer
from tests.server.raw_socket import EVENT, RawSocket

UNREADABLE_FRAMES: list[bytes | str] = [
    b"\xc1",  # never valid msgpack
    b"\x93\x01\x02",  # truncated msgpack
    msgpack.packb([1, 2, 3]),  # not a map
    msgpack.packb({"nsp": "/"}),  # no type
    msgpack.packb({"type": 9, "nsp": "/"}),  # no such packet type
    msgpack.packb({"type": "2", "nsp": "/", "data": ["rename"]}),  # type of the wrong kind
    "x",  # not an engine.io packet
    "",  # empty
    "4not msgpack",  # an engine.io text message where msgpack is spoken
    "b!!!!",  # bad base64
]


async def joined_raw(server: InProcessServer, room: dict[str, Any], name: str = "Raw") -> RawSocket:
    raw = RawSocket(server.url)
    answer = await raw.open(room["tokens"]["participant"])
    assert answer["type"] == 0, answer
    ack = await raw.call("join", {"name": name})
    assert ack["ok"], ack
    return raw


def refused_lines(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """Log lines at warning or above, and how many carry a traceback."""
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    return len(records), sum(1 for r in records if r.exc_info)


@pytest.mark.parametrize("name", [12345, None, 1.5, True, ["x"], {"a": 1}])
async def test_an_event_name_that_is_not_a_string_gets_a_clear_refusal(server: InProcessServer, name: Any) -> None:
    room = await server.create_room()
    raw = await joined_raw(server, room)
    ack = await raw.call(name, {"name": "x"})
    assert ack is not None and ack["error"]["code"] == "unknown_event", ack
    assert (await raw.call("rename", {"name": "Still here"}))["ok"]
    await raw.close()


@pytest.mark.parametrize("name", ["connect", "disconnect"])
async def test_a_client_event_named_like_a_connection_handler_is_refused_and_changes_nothing(
    server: InProcessServer, name: str
) -> None:
    room = await server.create_room()
    ann = await server.member(room, "facilitator", "Ann")
    raw = await joined_raw(server, room)
    seq = ann.seq
    ack = await raw.call(name, {"v": 1, "token": room["tokens"]["facilitator"]})
    assert ack is not None and ack["error"]["code"] == "unknown_event", ack
    ack = await raw.call("rename", {"name": "Raw again"})
    assert ack["ok"], ack  # still a member: nothing marked it disconnected
    await ann.wait_seq(ack["seq"])
    assert [e["type"] for e in ann.events if e["seq"] > seq] == ["MemberRenamed"]
    await raw.close()


async def test_unreadable_frames_close_only_their_own_connection_with_one_log_line_each(
    server: InProcessServer, caplog: pytest.LogCaptureFixture
) -> None:
    room = await server.create_room()
    ann = await server.member(room, "facilitator", "Ann")
    caplog.set_level(logging.INFO)
    caplog.clear()
    for frame in UNREADABLE_FRAMES:
        raw = await joined_raw(server, room)
        await raw.send_frame(frame)
        assert await raw.wait_closed(), f"{frame!r} left the connection open"
        await raw.close()
    lines, tracebacks = refused_lines(caplog)
    print(f"\n{len(UNREADABLE_FRAMES)} unreadable frames: {lines} log lines, {tracebacks} tracebacks")
    assert lines <= len(UNREADABLE_FRAMES) and tracebacks == 0
    assert ann.sio.connected and (await ann.call("rename", {"name": "Ann still"}))["ok"]


async def test_an_event_frame_without_data_is_refused_not_crashed(
    server: InProcessServer, caplog: pytest.LogCaptureFixture
) -> None:
    room = await server.create_room()
    raw = await joined_raw(server, room)
    caplog.set_level(logging.INFO)
    for data in ([], "rename", 7, None):
        await raw.send_packet({"type": EVENT, "nsp": "/", "data": data, "id": 5})
        ack = await raw.answer(5, timeout=2)
        assert raw.closed.is_set() or ack["error"]["code"] == "unknown_event", (data, ack)
        raw.acks.clear()
        if raw.closed.is_set():
            await raw.close()
            raw = await joined_raw(server, room)
    assert refused_lines(caplog)[1] == 0
    await raw.close()


async def test_malformed_and_oversized_commands_use_up_the_rate_limit_like_any_other(server: InProcessServer) -> None:
    room = await server.create_room()
    flood = await server.member(room, "participant", "Flood")
    burst = server.node.config.command_burst
    answers = []
    for i in range(burst + 5):
        payload = {"name": "x" * 70_000} if i % 2 else {"nope": True}
        answers.append((await flood.call("rename", payload))["error"]["code"])
    assert answers[-1] == "rate_limited", answers
    assert {"too_large", "bad_payload"} <= set(answers[:burst]), answers


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
async def test_nan_and_infinity_are_refused_and_never_relayed(server: InProcessServer, value: float) -> None:
    room = await server.create_room()
    ann = await server.member(room, "facilitator", "Ann")
    bob = await server.member(room, "participant", "Bob")
    for event, payload in (
        ("move_cursor", {"x": value, "y": 1.0}),
        ("preview_stroke", {"id": "s-1", "points": [[0, 0], [value, 1]]}),
        ("preview_stroke", {"id": "s-1", "points": [[0, 0], [1, 1]], "stroke_width": value}),
        ("add_element", {"kind": "rect", "x": value, "y": 0, "w": 10, "h": 10}),
    ):
        ack = await bob.call(event, payload)
        assert not ack["ok"] and ack["error"]["code"] == "bad_value", (event, ack)
    ok = await bob.call("move_cursor", {"x": 1.0, "y": 2.0})
    assert ok["ok"]
    await ann.wait_for(lambda c: any(name == "relay" for name, _ in c.received))
    relayed = [d["data"] for name, d in ann.received if name == "relay"]
    assert relayed == [{"x": 1.0, "y": 2.0}], relayed
