"""Which pages may open a socket: configured origins, the public URL, or loopback; never `Host` itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import socketio

from tests.client import Client
from tests.conftest import InProcessServer, make_config, serve_in_process


async def connects(server: InProcessServer, token: str, headers: dict[str, str]) -> bool:
    c = Client(server.url)
    server.clients.append(c)
    try:
        await c.connect(token, headers=headers)
    except socketio.exceptions.ConnectionError:
        return False
    return True


async def test_a_dns_rebinding_page_is_refused_though_its_origin_matches_its_host(server: InProcessServer) -> None:
    room = await server.create_room()
    token = room["tokens"]["participant"]
    rebound = f"rebind.example:{server.port}"
    assert not await connects(server, token, {"Host": rebound, "Origin": f"http://{rebound}"})


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
async def test_loopback_pages_may_connect_when_no_origin_is_configured(server: InProcessServer, name: str) -> None:
    room = await server.create_room()
    assert await connects(server, room["tokens"]["participant"], {"Origin": f"http://{name}:{server.port}"})


async def test_with_a_public_url_only_that_origin_may_connect(tmp_path: Path) -> None:
    config = make_config(tmp_path, public_url="https://peers.example")
    async with serve_in_process(config) as server:
        room = await server.create_room()
        token = room["tokens"]["participant"]
        assert await connects(server, token, {"Origin": "https://peers.example"})
        assert not await connects(server, token, {"Origin": f"http://127.0.0.1:{server.port}"})
        assert not await connects(server, token, {"Host": "evil.example", "Origin": "http://evil.example"})
