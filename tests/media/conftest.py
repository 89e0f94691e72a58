"""Real nodes on the real clock (media moves in real time) and aiortc peers that speak on a schedule."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from load.media import ListenerLink, Schedule, ScheduledVoice
from server.clock import SystemClock
from tests.client import Client
from tests.conftest import InProcessServer, make_config, serve_in_process


@pytest.fixture
async def live_server(tmp_path: Path) -> AsyncIterator[InProcessServer]:
    """One embedded node on the system clock."""
    async with serve_in_process(make_config(tmp_path), clock=SystemClock()) as s:
        yield s


class Speaker:
    """A joined member whose microphone is a ScheduledVoice, connected to the room's listener."""

    def __init__(self, client: Client, voice: ScheduledVoice) -> None:
        self.client = client
        self.voice = voice
        self.link = ListenerLink(voice, client.call)
        record = client._recorder("relay")

        async def on_relay(data: Any) -> None:
            record(data)
            await self.link.on_relay(data)

        client.sio.on("relay", on_relay)

    @property
    def id(self) -> str:
        return str(self.client.me["id"])

    async def close(self) -> None:
        await self.link.close()


async def speaker(
    server: InProcessServer, room: dict[str, Any], name: str, schedule: Schedule, start: float
) -> Speaker:
    client = await server.member(room, "participant", name)
    s = Speaker(client, ScheduledVoice(schedule, start=start))
    await s.link.offer()
    return s


def soon(seconds: float) -> float:
    """A wall time a little ahead, so several peers' schedules start together once connected."""
    return time.time() + seconds


async def until_said_and_measured(voices: list[ScheduledVoice], seconds: float, measured: Any) -> None:
    """Until every voice has produced `seconds` of its schedule (a starved process sends late) and
    the measurement `measured()` has not changed for 3 s (the last windows are in)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 90
    while any(v.said_until < seconds for v in voices):
        assert loop.time() < deadline, "the peers never sent their schedule"
        await asyncio.sleep(0.2)
    last, since = measured(), loop.time()
    while loop.time() - since < 3.0:
        assert loop.time() < deadline, "the measurement never settled"
        await asyncio.sleep(0.2)
        now = measured()
        if now != last:
            last, since = now, loop.time()
