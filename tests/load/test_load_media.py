"""The load tool's media option against a real node: every peer negotiates with the listener (and,
with the mesh, with each other), and measured speaking time tracks what was sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from load.media_run import MediaConfig, run_media
from server.clock import SystemClock
from tests.conftest import InProcessServer, make_config, serve_in_process


@pytest.fixture
async def live_server(tmp_path: Path) -> AsyncIterator[InProcessServer]:
    async with serve_in_process(make_config(tmp_path), clock=SystemClock()) as s:
        yield s


async def test_media_peers_negotiate_and_their_speech_is_measured(live_server: InProcessServer) -> None:
    report = await run_media(MediaConfig(urls=[live_server.url], rooms=1, peers=3, duration=8, mesh=True))
    assert report["speakers"] == 2 and report["connected"] == 2
    assert report["negotiation_ms"]["p50"] > 0
    assert report["mesh_negotiation_ms"]["p50"] > 0
    assert report["sent_seconds"] > 0
    assert 0.85 < report["measured_vs_sent"] < 1.15, report
