"""Recording writes each consenting member's track to the data directory, and nothing otherwise.
Real node, real WebRTC peers, real files decoded with PyAV."""

from __future__ import annotations

import asyncio
from pathlib import Path

import av
import pytest

from tests.conftest import InProcessServer
from tests.media.conftest import soon, speaker


def tracks(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "recordings").glob("*/*/*.wav"))


def decoded_seconds(path: Path) -> float:
    with av.open(str(path)) as f:
        samples = sum(frame.samples for frame in f.decode(audio=0))
        return samples / 48_000


async def test_a_recording_holds_the_consenting_tracks_for_as_long_as_it_ran(
    live_server: InProcessServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    room = await live_server.create_room()
    fac = await live_server.member(room, "facilitator", "Fay")
    t0 = soon(1.0)
    ana = await speaker(live_server, room, "Ana", [("tone", 30)], t0)
    ben = await speaker(live_server, room, "Ben", [("tone", 30)], t0)
    try:
        assert (await ben.client.call("decline_recording"))["ok"]
        for s in (ana, ben):
            await asyncio.wait_for(s.link.connected.wait(), 10)
        await asyncio.sleep(1.5)
        assert tracks(data_dir) == [], "nothing is stored while recording is off"
        started = await fac.call("start_recording")
        assert started["ok"]
        await asyncio.sleep(3.0)
        assert (await fac.call("stop_recording"))["ok"]
        await fac.wait_for(lambda c: "RecordingFileSaved" in c.types(), timeout=10)
        [saved] = [e["data"] for e in fac.events if e["type"] == "RecordingFileSaved"]
        assert saved["member_id"] == ana.id
        [path] = tracks(data_dir)
        assert path.name == saved["name"]
        began = next(e["data"]["at"] for e in fac.events if e["type"] == "RecordingStarted")
        ended = next(e["data"]["at"] for e in fac.events if e["type"] == "RecordingStopped")
        # As long as it ran, give or take the audio still in flight at start and stop (up to a second
        # on a starved host; about 0.1 s on a quiet one).
        assert decoded_seconds(path) == pytest.approx(ended - began, abs=1.0)
        assert saved["seconds"] == pytest.approx(decoded_seconds(path), abs=0.05)
        await asyncio.sleep(1.5)
        assert tracks(data_dir) == [path], "no audio is stored once the recording stopped"
    finally:
        for s in (ana, ben):
            await s.close()


async def test_every_member_sees_the_recording_and_who_started_it(live_server: InProcessServer) -> None:
    room = await live_server.create_room()
    fac = await live_server.member(room, "facilitator", "Fay")
    pat = await live_server.member(room, "participant", "Pat")
    assert (await pat.call("start_recording"))["error"]["code"] == "forbidden"
    assert (await fac.call("start_recording"))["ok"]
    await pat.wait_for(lambda c: "RecordingStarted" in c.types())
    [ev] = [e["data"] for e in pat.events if e["type"] == "RecordingStarted"]
    assert ev["by_name"] == "Fay"
