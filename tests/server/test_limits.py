"""Limits and defences: size, rate, origins, tokens, the API key; none of them hurts anyone else."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import jwt
import pytest
import socketio

from server.tokens import LINK_AUDIENCE, Signer
from tests.client import Client
from tests.conftest import SECRET, InProcessServer, create_room, make_config, serve_in_process


async def test_an_oversized_message_is_refused_and_the_sender_stays_connected(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    ack = await fac.call("rename", {"name": "x" * 70_000})
    assert ack["error"]["code"] == "too_large"
    assert (await fac.call("rename", {"name": "Ann"}))["ok"]


async def test_a_flooding_client_is_rate_limited_while_others_carry_on(server: InProcessServer) -> None:
    room = await server.create_room()
    flood = await server.member(room, "facilitator", "Flood")
    calm = await server.member(room, "participant", "Calm")
    codes = [(await flood.call("lock_room" if i % 2 else "unlock_room")) for i in range(60)]
    refused = [a for a in codes if not a["ok"]]
    assert refused and all(a["error"]["code"] == "rate_limited" and a["error"]["retryable"] for a in refused)
    assert (await calm.call("rename", {"name": "Still fine"}))["ok"]


async def test_names_over_the_limit_get_a_clear_error(server: InProcessServer) -> None:
    room = await server.create_room()
    c = await server.client(room["tokens"]["participant"])
    ack = await c.join("n" * 41)
    assert ack["error"]["code"] == "too_long"


async def test_a_full_room_refuses_one_more(server: InProcessServer) -> None:
    room = await server.create_room(capacity=2)
    await server.member(room, "facilitator", "A")
    await server.member(room, "participant", "B")
    c = await server.client(room["tokens"]["participant"])
    assert (await c.join("C"))["error"]["code"] == "room_full"
    assert (await (await server.client(room["tokens"]["observer"])).join("Obs"))["ok"]


async def test_a_page_from_another_origin_cannot_open_a_socket(server: InProcessServer) -> None:
    room = await server.create_room()
    c = Client(server.url)
    server.clients.append(c)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await c.connect(room["tokens"]["participant"], headers={"Origin": "http://evil.example"})
    same = await server.client(room["tokens"]["participant"], headers={"Origin": server.url})
    assert (await same.join("Fine"))["ok"]


def _forge(claims: dict[str, object], key: str = SECRET, alg: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=alg)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (
            lambda r: _forge(
                {"aud": LINK_AUDIENCE, "room": r, "role": "facilitator", "ses": 1, "exp": int(time.time()) - 5}
            ),
            "token_expired",
        ),
        (
            lambda r: _forge(
                {"aud": LINK_AUDIENCE, "room": r, "role": "facilitator", "ses": 1, "exp": int(time.time()) + 60},
                key="another-secret-" + "y" * 40,
            ),
            "bad_token",
        ),
        (
            lambda r: _forge(
                {"aud": "peergroup:member", "room": r, "role": "facilitator", "ses": 1, "exp": int(time.time()) + 60}
            ),
            "bad_token",
        ),
        (
            lambda r: jwt.encode(
                {"aud": LINK_AUDIENCE, "room": r, "role": "facilitator", "ses": 1, "exp": int(time.time()) + 60},
                None,
                algorithm="none",
            ),
            "bad_token",
        ),
        (
            lambda r: _forge(
                {"aud": LINK_AUDIENCE, "room": r, "role": "emperor", "ses": 1, "exp": int(time.time()) + 60}
            ),
            "bad_token",
        ),
    ],
    ids=["expired", "forged-signature", "member-token-as-link", "alg-none", "unknown-role"],
)
async def test_bad_links_are_refused_at_connect_with_a_reason(server: InProcessServer, make, code) -> None:  # type: ignore[no-untyped-def]
    room = await server.create_room()
    c = Client(server.url)
    server.clients.append(c)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await c.connect(make(room["room_id"]))
    assert c.connect_error["data"]["code"] == code


async def test_a_tampered_role_does_not_verify(server: InProcessServer) -> None:
    room = await server.create_room()
    header, _payload, sig = room["tokens"]["participant"].split(".")
    other = room["tokens"]["facilitator"].split(".")[1]
    c = Client(server.url)
    server.clients.append(c)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await c.connect(f"{header}.{other}.{sig}")
    assert c.connect_error["data"]["code"] == "bad_token"


async def test_a_link_for_another_room_joins_only_that_room(server: InProcessServer) -> None:
    one = await server.create_room(title="One")
    two = await server.create_room(title="Two")
    c = await server.member(two, "participant", "Ann")
    assert c.snapshot is not None and c.snapshot["state"]["title"] == "Two"
    resume = c.me["token"]
    other = await server.client(one["tokens"]["participant"])
    ack = await other.join("Ann", resume=resume)
    assert ack["error"]["code"] == "wrong_room"


async def test_a_link_to_a_room_that_was_never_created_is_refused_on_join(server: InProcessServer) -> None:
    token = Signer(SECRET).link("nosuchroom", __import__("rooms").Role.PARTICIPANT, 1)
    c = await server.client(token)
    assert (await c.join("Ann"))["error"]["code"] == "no_such_room"


async def test_a_removed_member_is_disconnected_and_cannot_resume(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Ann")
    bob = await server.member(room, "participant", "Bob")
    assert (await fac.call("remove_member", {"target": bob.me["id"], "reason": "test"}))["ok"]
    await bob.wait_for(lambda c: any(n == "closed" for n, _ in c.received))
    again = await server.client(room["tokens"]["participant"])
    assert (await again.join("Bob", resume=bob.me["token"]))["error"]["code"] == "removed"


async def test_health_and_readiness_answer(server: InProcessServer) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{server.url}/healthz") as r:
            assert r.status == 200
        async with s.get(f"{server.url}/readyz") as r:
            assert r.status == 200 and (await r.json())["ready"] is True


async def test_an_api_key_guards_room_creation_when_configured(tmp_path: Path) -> None:
    async with serve_in_process(make_config(tmp_path, api_key="k" * 20)) as srv:
        async with aiohttp.ClientSession() as s, s.post(f"{srv.url}/api/rooms", json={}) as r:
            assert r.status == 401
        room = await create_room(srv.url, api_key="k" * 20, title="Guarded")
        assert room["room_id"]
