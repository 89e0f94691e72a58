"""The embedded backend: every room's runner lives in this process; no other service needed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from rooms import CORE, Command, Core, RoomState, next_deadline
from server.clock import Clock
from server.cluster.base import EventSink, ListenerSink, RelaySink
from server.log import Stamped
from server.log.codec import copy_off_loop
from server.log.sqlite import SqliteLog
from server.runner import Accepted, RoomRunner

log = logging.getLogger(__name__)


class LocalBackend:
    def __init__(self, log_: SqliteLog, clock: Clock, node_id: str = "local", core: Core = CORE) -> None:
        self.node_id = node_id
        #: the rules its rooms run (tests add a rule of their own by building another Core)
        self.core = core
        self.log = log_
        self._clock = clock
        self.runners: dict[str, RoomRunner] = {}
        self._starting: dict[str, asyncio.Lock] = {}
        self._sinks: dict[str, tuple[EventSink, RelaySink]] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._listener_sink: ListenerSink | None = None
        self._on_owned: Callable[[str], None] | None = None

    async def start(self) -> None:
        # Rooms with a running timer come back armed after a restart, even before anyone rejoins.
        for room_id in await self.log.room_ids():
            state = await self.log.load(room_id)
            if next_deadline(state) is not None:
                self._start_runner(state)
        self._sweeper = asyncio.create_task(self._sweep())
        self._watcher = asyncio.create_task(self._watch_log())

    async def drain(self) -> None:
        """Nothing to hand over: the room lives on in the data directory until the next start."""

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._watcher.cancel()
        for runner in list(self.runners.values()):
            await runner.stop()
        self.runners.clear()
        await self.log.close()

    def ready(self) -> bool:
        return self.log.writable  # a full or read-only disk: commands are refused, so not ready

    async def submit(self, room_id: str, command: Command) -> Accepted:
        runner = await self._runner(room_id)
        return await runner.submit(command)

    async def _runner(self, room_id: str) -> RoomRunner:
        runner = self.runners.get(room_id)
        if runner is not None and not runner.stopped:
            return runner
        lock = self._starting.setdefault(room_id, asyncio.Lock())
        async with lock:
            runner = self.runners.get(room_id)
            if runner is None or runner.stopped:
                runner = self._start_runner(await self.log.load(room_id))
        return runner

    def _start_runner(self, state: RoomState) -> RoomRunner:
        runner = RoomRunner(state, self.log, self._publish, self._clock, core=self.core)
        self.runners[state.room_id] = runner
        runner.start()
        if self._on_owned is not None:
            self._on_owned(state.room_id)
        return runner

    async def _publish(self, room_id: str, events: list[Stamped]) -> None:
        sinks = self._sinks.get(room_id)
        if sinks is not None:
            sinks[0](events)

    async def subscribe(self, room_id: str, on_events: EventSink, on_relay: RelaySink) -> None:
        self._sinks[room_id] = (on_events, on_relay)

    async def unsubscribe(self, room_id: str) -> None:
        self._sinks.pop(room_id, None)

    async def read(self, room_id: str, after: int) -> list[Stamped]:
        return await self.log.read(room_id, after)

    async def load(self, room_id: str) -> RoomState:
        runner = self.runners.get(room_id)
        if runner is not None and not runner.stopped:
            return await copy_off_loop(runner.state)
        return await self.log.load(room_id)

    async def relay(self, room_id: str, message: dict[str, Any]) -> None:
        sinks = self._sinks.get(room_id)
        if sinks is not None:
            sinks[1](message)

    relays_at_once = True

    def relay_now(self, room_id: str, message: dict[str, Any]) -> None:
        sinks = self._sinks.get(room_id)
        if sinks is not None:
            sinks[1](message)

    def local_writer(self, room_id: str) -> RoomRunner | None:
        runner = self.runners.get(room_id)
        return None if runner is None or runner.stopped else runner

    def serve_listeners(self, on_message: ListenerSink, on_owned: Callable[[str], None]) -> None:
        self._listener_sink, self._on_owned = on_message, on_owned

    async def to_listener(self, room_id: str, message: dict[str, Any]) -> None:
        await self._runner(room_id)
        if self._listener_sink is not None:
            await self._listener_sink(room_id, message)

    def owned_state(self, room_id: str) -> RoomState | None:
        runner = self.runners.get(room_id)
        return None if runner is None or runner.stopped else runner.state

    async def _watch_log(self) -> None:
        """While the log cannot write, try a small write every second: ready again once it can."""
        while True:
            await asyncio.sleep(1.0)
            if not self.log.writable:
                await self.log.probe()

    async def _sweep(self) -> None:
        """Stop runners of rooms nobody follows and no timer needs, so memory tracks live rooms."""
        while True:
            await asyncio.sleep(60)
            for room_id, runner in list(self.runners.items()):
                if room_id not in self._sinks and runner.idle:
                    await runner.stop()
                    await self.log.save_snapshot(room_id, runner.state)
                    self.runners.pop(room_id, None)
