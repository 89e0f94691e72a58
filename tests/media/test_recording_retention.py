"""A recorded track the operator's retention deleted is listed in the session record as deleted, with
when, and no longer as a file. A real node on a fake clock: the sweep runs when the clock says so."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import aiohttp
import numpy as np
import pytest

from rooms import Rejected
from rooms.errors import Code
from rooms.speech.commands import NoteRecordingFile, NoteRecordingFilesDeleted, StartRecording
from rooms.speech.events import RecordingFilesDeleted
from server.clock import FakeClock
from server.media.recorder import TrackWriter, recording_dir
from server.media.service import RETENTION_SWEEP
from tests.conftest import InProcessServer, make_config, serve_in_process
from tests.rooms.room import START, Room

DAY = 86_400.0


async def settle(condition: object, what: str) -> None:
    """Let the node's tasks (the sweep, its thread, the room's writer) run until `condition()`."""
    for _ in range(500):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.01)
    raise AssertionError(what)


async def exports(server: InProcessServer, room_id: str, token: str) -> dict[str, str]:
    auth = {"Authorization": f"Bearer {token}"}
    out: dict[str, str] = {}
    async with aiohttp.ClientSession() as s:
        for fmt in ("json", "md", "csv"):
            async with s.get(f"{server.url}/api/rooms/{room_id}/record?format={fmt}", headers=auth) as r:
                assert r.status == 200
                out[fmt] = await r.text()
    return out


async def test_a_track_deleted_after_retention_is_listed_as_deleted_with_when(tmp_path: Path) -> None:
    clock = FakeClock()
    config = make_config(tmp_path, recording_retention_days=30)
    async with serve_in_process(config, clock=clock) as server:
        room = await server.create_room()
        room_id = room["room_id"]
        fac = await server.member(room, "facilitator", "Fay")
        ana = await server.member(room, "participant", "Ana")
        assert (await fac.call("start_recording"))["ok"]
        rec_id = next(e["data"]["recording_id"] for e in fac.events if e["type"] == "RecordingStarted")
        # What the listener does when a recording stops: the track on disk, then noted in the room.
        track = TrackWriter(recording_dir(Path(config.data_dir), room_id, rec_id) / "track-0a1b2c3d.wav")
        track.write(np.zeros(48_000, dtype=np.int16))
        seconds = track.close()
        os.utime(track.path, (clock.now(), clock.now()))  # written now, by the node's clock
        assert (await fac.call("stop_recording"))["ok"]
        name = track.path.name
        note = NoteRecordingFile(actor="", recording_id=rec_id, member_id=ana.me["id"], name=name, seconds=seconds)
        await server.node.hub.submit(room_id, note)

        # 29 days on: within the retention, the track is kept and listed as a file.
        clock.advance(29 * DAY)
        await server.node.listeners.sweep_once()
        assert track.path.exists()
        record = json.loads((await exports(server, room_id, fac.me["token"]))["json"])
        [listed] = record["recordings"][0]["tracks"]
        assert listed == {"name": "Ana", "file": track.path.name, "seconds": 1.0, "deleted_at": None}

        # Past 30 days: the next hourly sweep deletes it, and the record says so, with when.
        clock.advance(2 * DAY)
        swept_at = clock.now()
        clock.advance(RETENTION_SWEEP)
        await settle(lambda: "RecordingFilesDeleted" in fac.types(), "the room never heard of the deletion")
        assert not track.path.exists()
        [deleted] = [e["data"] for e in fac.events if e["type"] == "RecordingFilesDeleted"]
        assert deleted["names"] == [track.path.name]
        assert swept_at <= deleted["at"] <= clock.now()
        out = await exports(server, room_id, fac.me["token"])
        [listed] = json.loads(out["json"])["recordings"][0]["tracks"]
        assert listed["deleted_at"] == deleted["at"]
        assert "deleted after the retention period" in out["csv"]
        assert "deleted at" in out["md"]


def test_a_deletion_marks_each_named_track_once_and_an_unknown_recording_is_refused() -> None:
    """The room's rule, on the pure core: only the named tracks, each once, with the sweep's time."""
    room = Room(participants=2)
    room.do(StartRecording(actor="fac"))
    rec_id = room.state.speech.recordings[0].id
    for member, name in (("p1", "track-1.wav"), ("p2", "track-2.wav")):
        room.do(NoteRecordingFile(actor="", recording_id=rec_id, member_id=member, name=name, seconds=2.0))
    room.now = START + 31 * DAY
    [ev] = room.do(NoteRecordingFilesDeleted(actor="", recording_id=rec_id, names=["track-1.wav"]))
    assert isinstance(ev, RecordingFilesDeleted) and ev.names == ["track-1.wav"]
    files = {f.name: f.deleted_at for f in room.state.speech.recordings[0].files}
    assert files == {"track-1.wav": START + 31 * DAY, "track-2.wav": None}
    room.now += 3600  # the next sweep finds the same file gone again: nothing changes
    assert room.do(NoteRecordingFilesDeleted(actor="", recording_id=rec_id, names=["track-1.wav"])) == []
    assert room.state.speech.recordings[0].files[0].deleted_at == START + 31 * DAY
    with pytest.raises(Rejected) as err:
        room.do(NoteRecordingFilesDeleted(actor="", recording_id="rec-x", names=["track-1.wav"]))
    assert err.value.code == Code.NOT_FOUND
