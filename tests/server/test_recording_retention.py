"""Recorded tracks are deleted after the operator's retention; the pre-join page is told of a recording."""

from __future__ import annotations

import os
import time
from pathlib import Path

import aiohttp

from server.media.recorder import delete_expired, recording_dir
from tests.conftest import InProcessServer


def test_tracks_older_than_the_retention_are_deleted_and_younger_ones_kept(tmp_path: Path) -> None:
    old = recording_dir(tmp_path, "room-1", "rec-1-1") / "track-a.wav"
    new = recording_dir(tmp_path, "room-1", "rec-1-2") / "track-b.wav"
    for p in (old, new):
        p.parent.mkdir(parents=True)
        p.write_bytes(b"RIFF")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    assert delete_expired(tmp_path, retention_days=7) == [old]
    assert not old.exists() and not old.parent.exists()
    assert new.exists()


def test_a_retention_of_zero_keeps_everything(tmp_path: Path) -> None:
    p = recording_dir(tmp_path, "room-1", "rec-1-1") / "track-a.wav"
    p.parent.mkdir(parents=True)
    p.write_bytes(b"RIFF")
    os.utime(p, (0, 0))
    assert delete_expired(tmp_path, retention_days=0) == []
    assert p.exists()


async def test_someone_with_the_link_sees_the_recording_before_joining(server: InProcessServer) -> None:
    room = await server.create_room()
    fac = await server.member(room, "facilitator", "Fay")
    url = f"{server.url}/api/rooms/{room['room_id']}"
    headers = {"Authorization": f"Bearer {room['tokens']['participant']}"}  # never in the URL (issue 12)
    async with aiohttp.ClientSession(headers=headers) as s:
        async with s.get(url) as r:
            assert (await r.json())["recording"] is None
        assert (await fac.call("start_recording"))["ok"]
        async with s.get(url) as r:
            notice = (await r.json())["recording"]
    assert notice["started_by_name"] == "Fay"
