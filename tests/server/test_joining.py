"""Joining over real sockets: every role, the lobby, refusals at connect, acks and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import socketio

from server.clock import FakeClock
from tests.client import Client
from tests.conftest import InProcessServer, ServerProcess, create_room


async def test_facilitator_and_participant_see_each_other(server: InProcessServer) -> None:
    room = await server.create_room(title="Check-in")
    fac = await server.member(room, "facilitator", "Ann")
    par = await server.member(room, "participant", "Bob")
    await fac.wait_for(lambda c: "MemberJoined" in c.types())
    assert par.snapshot is not None
    names = {m["name"]: m["role"] for m in par.snapshot["state"]["members"]}
    assert names == {"Ann": "facilitator", "Bob": "participant"}
    assert fac.events[-1]["data"]["name"] == "Bob"


@pytest.mark.parametrize("role", ["facilitator", "co_facilitator", "participant", "observer"])
async def test_each_role_joins_with_its_link(server: InProcessServer, role: str) -> None:
    room = await server.create_room(title="Roles")
    if role != "facilitator":
        await server.member(room, "facilitator", "Lead")
    c = await server.member(room, role, "Someone")
    assert c.me["role"] == role


async def test_a_participant_cannot_lock_the_room(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    par = await server.member(room, "participant", "Bob")
    ack = await par.call("lock_room")
    assert ack["error"]["code"] == "forbidden"
    ack = await fac.call("lock_room")
    assert ack["ok"]
    await fac.wait_seq(ack["seq"])
    assert fac.events[-1]["type"] == "RoomLocked"


async def test_locked_room_puts_newcomers_in_the_lobby_until_admitted(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    assert (await fac.call("lock_room"))["ok"]
    knocker = await server.client(room["tokens"]["participant"])
    ack = await knocker.join("Cy")
    assert ack["status"] == "waiting"
    await fac.wait_for(lambda c: "MemberKnocked" in c.types())
    knock = next(e for e in fac.events if e["type"] == "MemberKnocked")
    assert knock["data"]["name"] == "Cy"
    assert knocker.snapshot is None and knocker.events == []
    assert (await fac.call("admit", {"target": ack["me"]["id"]}))["ok"]
    await knocker.wait_for(lambda c: c.snapshot is not None)
    assert any(name == "admitted" for name, _ in knocker.received)


async def test_a_denied_knocker_is_told_and_disconnected(server: InProcessServer) -> None:
    room = await server.create_room(lobby=True)
    fac = await server.member(room, "facilitator", "Ann")
    knocker = await server.client(room["tokens"]["participant"])
    ack = await knocker.join("Cy")
    assert (await fac.call("deny", {"target": ack["me"]["id"]}))["ok"]
    await knocker.wait_for(lambda c: any(n == "closed" for n, _ in c.received))


async def test_unknown_event_and_malformed_payload_get_clear_errors(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    assert (await fac.call("launch_rockets"))["error"]["code"] == "unknown_event"
    assert (await fac.call("rename", {"name": 42}))["error"]["code"] == "bad_payload"
    assert (await fac.call("rename", "not a map"))["error"]["code"] == "bad_payload"
    assert (await fac.call("admit", {"target": "m-nobody"}))["error"]["code"] == "no_such_member"
    seq = fac.seq
    assert (await fac.call("rename", {"name": "Ann B"}))["ok"]
    await fac.wait_seq(seq + 1)


async def test_commands_before_join_are_refused(server: InProcessServer) -> None:
    room = await server.create_room()
    c = await server.client(room["tokens"]["facilitator"])
    assert (await c.call("lock_room"))["error"]["code"] == "not_joined"


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda t: t[:-3] + "abc", "bad_token"),
        (lambda t: "", "bad_token"),
        (lambda t: "not.a.jwt", "bad_token"),
    ],
)
async def test_bad_tokens_are_refused_at_connect(server: InProcessServer, mutate, code) -> None:  # type: ignore[no-untyped-def]
    room = await server.create_room()
    c = Client(server.url)
    server.clients.append(c)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await c.connect(mutate(room["tokens"]["participant"]))
    assert c.connect_error["data"]["code"] == code


async def test_a_protocol_version_mismatch_is_refused_with_a_reason(server: InProcessServer) -> None:
    room = await server.create_room()
    c = Client(server.url)
    server.clients.append(c)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await c.connect(room["tokens"]["participant"], version=99)
    assert c.connect_error["data"]["code"] == "version_mismatch"


async def test_reconnecting_with_last_seq_gets_exactly_the_missed_events(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    bob = await server.member(room, "participant", "Bob")
    token, seen = bob.me["token"], bob.seq
    await bob.close()
    await fac.call("lock_room")
    await fac.call("unlock_room")
    await fac.call("rename", {"name": "Ann K"})
    again = await server.client(room["tokens"]["participant"])
    ack = await again.join("Bob", resume=token, last_seq=seen)
    assert ack["me"]["id"] == bob.me["id"]
    await again.wait_seq(ack["seq"])
    assert again.snapshot is None
    assert [e["seq"] for e in again.events] == list(range(seen + 1, ack["seq"] + 1))
    assert "MemberReturned" in again.types()


async def test_a_dropped_member_is_shown_as_gone_to_everyone_when_the_grace_runs_out(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    bob = await server.member(room, "participant", "Bob")
    await bob.close()
    await fac.wait_for(lambda c: "MemberDisconnected" in c.types())
    gone_at = next(e for e in fac.events if e["type"] == "MemberDisconnected")["data"]["gone_at"]
    clock.advance(59)
    clock.advance(2)
    await fac.wait_for(lambda c: "MemberLeft" in c.types())
    left = next(e for e in fac.events if e["type"] == "MemberLeft")
    # Stamped when the grace ran out, even though the timer fired a second later.
    assert left["data"] == {"at": gone_at, "member_id": bob.me["id"], "reason": "timeout"}


async def test_after_a_server_restart_a_client_resumes_with_events_not_a_snapshot(tmp_path: Path) -> None:
    srv = ServerProcess(tmp_path / "data")
    srv.start()
    try:
        await srv.ready()
        room = await create_room(srv.url)
        fac = Client(srv.url)
        await fac.connect(room["tokens"]["facilitator"])
        await fac.join("Ann")
        token, seen = fac.me["token"], fac.seq
        other = Client(srv.url)
        await other.connect(room["tokens"]["participant"])
        await other.join("Bob")
        await other.call("rename", {"name": "Bobby"})
        await fac.close()
        await other.close()
        srv.stop()
        srv.start()
        await srv.ready()
        again = Client(srv.url)
        await again.connect(room["tokens"]["facilitator"])
        ack = await again.join("Ann", resume=token, last_seq=seen)
        assert ack["me"]["role"] == "facilitator"
        assert again.snapshot is None
        assert [e["seq"] for e in again.events] == list(range(seen + 1, ack["seq"] + 1))
        await again.close()
    finally:
        srv.kill()
