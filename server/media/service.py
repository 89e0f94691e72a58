"""This node's listeners: one per room whose writer runs here (the lease owner in a cluster).

The backend routes every message addressed to "listener" to the room's owner node and calls
`on_message` there; it calls `on_owned` when this node starts a room's runner (created, loaded, or
taken over from a dead node), so a new listener starts at once and tells the room's browsers to
connect to it. A listener stops when its room's runner is no longer here.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rooms import Command, RoomState
from rooms.speech.commands import NoteRecordingFilesDeleted
from server.clock import Clock
from server.config import Config
from server.media import LISTENER
from server.media.recorder import delete_expired
from server.metrics import Metrics

if TYPE_CHECKING:
    from server.media.listener import RoomListener

log = logging.getLogger(__name__)

RETENTION_SWEEP = 3600.0

Relay = Callable[[str, str, str, dict[str, Any], str | None], Awaitable[None]]


class Listeners:
    def __init__(
        self,
        config: Config,
        clock: Clock,
        node_id: str,
        submit: Callable[[str, Command], Awaitable[Any]],
        relay: Relay,
        owned_state: Callable[[str], RoomState | None],
        metrics: Metrics | None = None,
    ) -> None:
        self._config = config
        self._clock = clock
        self._node_id = node_id
        self._submit = submit
        self._relay = relay
        self._owned_state = owned_state
        self._metrics = metrics
        self.rooms: dict[str, RoomListener] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._warming: asyncio.Task[object] | None = None

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_retention(), name="recording-retention")
        # aiortc, PyAV and numpy take a second or two of CPU to import: do it beside the loop now,
        # so the node is ready at once and its first listener does not stall every room's commands.
        self._warming = asyncio.create_task(asyncio.to_thread(importlib.import_module, "server.media.listener"))

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        for room_id in list(self.rooms):
            await self._close(room_id)

    def listener(self, room_id: str) -> RoomListener | None:
        """The room's live listener on this node, starting one if this node owns the room."""
        current = self.rooms.get(room_id)
        if current is not None and not current.closed:
            return current
        if current is not None:
            asyncio.get_running_loop().create_task(self._close(room_id))
        if self._owned_state(room_id) is None:
            return None
        from server.media.listener import RoomListener  # imported already by start(), off the loop

        lst = RoomListener(
            room_id,
            self._node_id,
            self._clock,
            lambda cmd: self._submit(room_id, cmd),
            lambda member_id, kind, data: self._relay(room_id, "signal", LISTENER, data, member_id),
            lambda: self._owned_state(room_id),
            Path(self._config.data_dir),
            [*self._config.stun_urls],
            self._metrics,
        )
        self.rooms[room_id] = lst
        lst.start()
        log.info("room %s: listener %s started", room_id, lst.id)
        return lst

    def on_owned(self, room_id: str) -> None:
        """This node now runs the room's writer: start its listener and call the browsers to it."""
        lst = self.listener(room_id)
        if lst is None:
            return

        async def announce() -> None:
            with contextlib.suppress(Exception):
                await self._relay(room_id, "listener", LISTENER, lst.announce(), None)

        asyncio.get_running_loop().create_task(announce())

    async def on_message(self, room_id: str, message: dict[str, Any]) -> None:
        """A browser's signal or media state for the room's listener (this node owns the room)."""
        lst = self.listener(room_id)
        if lst is None:
            return
        data = message.get("data")
        await lst.on_message(
            str(message.get("type")), str(message.get("member_id")), data if isinstance(data, dict) else {}
        )

    async def _close(self, room_id: str) -> None:
        lst = self.rooms.pop(room_id, None)
        if lst is not None:
            with contextlib.suppress(Exception):
                await lst.close()

    async def _sweep_retention(self) -> None:
        """Delete recorded tracks older than the operator's retention, at start and every hour, and
        tell each room which of its tracks are gone, so its record says so (and when)."""
        while True:
            await self.sweep_once()
            for room_id, lst in list(self.rooms.items()):
                if lst.closed:
                    await self._close(room_id)
            await self._clock.sleep_until(self._clock.now() + RETENTION_SWEEP)

    async def sweep_once(self) -> None:
        try:
            gone = await asyncio.to_thread(
                delete_expired, Path(self._config.data_dir), self._config.recording_retention_days, self._clock.now()
            )
        except OSError as exc:
            log.warning("recording retention sweep failed: %s", exc)
            return
        by_recording: dict[tuple[str, str], list[str]] = {}
        for path in gone:  # <data>/recordings/<room>/<recording>/<track>.wav
            by_recording.setdefault((path.parent.parent.name, path.parent.name), []).append(path.name)
        for (room_id, rec_id), names in by_recording.items():
            try:
                await self._submit(room_id, NoteRecordingFilesDeleted(actor="", recording_id=rec_id, names=names))
            except Exception as exc:  # a room deleted meanwhile has no record to correct
                log.info("room %s: deleted tracks not noted: %s", room_id, exc)
