"""RoomRunner: the one writer of one room (Synapse's stream writer, BigBlueButton's meeting actor).

Commands queue up; the runner takes every command waiting, decides and applies them one after
another, makes the resulting events durable in one append (group commit), publishes them, and only
then resolves each command's future. It owns the room's timer: after each batch it re-arms an alarm
at `next_deadline(state)` that submits `Tick`.

If the append fails, nothing of the batch was acknowledged or published, so the runner reloads the
room from the log (dropping the in-memory changes) and refuses the batch as retryable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protocol.errors import ErrorCode, WireError
from rooms import CORE, Command, Core, Rejected, RoomState, Tick
from server.clock import Clock
from server.log import EventLog, Fenced, LogUnavailable, Stamped

log = logging.getLogger(__name__)

SNAPSHOT_EVERY = 500
BATCH_MAX = 256


@dataclass(frozen=True, slots=True)
class Accepted:
    """The command's events are durable and published; `seq` is the room's seq after them."""

    seq: int
    changed: bool


class Refused(Exception):
    def __init__(self, error: WireError) -> None:
        super().__init__(error.message)
        self.error = error


class Reply:
    """A command's answer, given synchronously by the writer right after its batch is published.

    It quacks like the `asyncio.Future` of `submit` (`done`, `set_result`, `set_exception`), but
    calls `answer` at once instead of one turn of the loop later: the ack then leaves in the same
    write as the events it answers (fanout.Direct gathers a turn's frames), with no future and no
    callback scheduled per command. `answer` must not raise; if it does, it is logged, not the batch's.
    """

    __slots__ = ("_answer", "_done")

    def __init__(self, answer: Callable[[Accepted | Refused], None]) -> None:
        self._answer = answer
        self._done = False

    def done(self) -> bool:
        return self._done

    def set_result(self, result: Accepted) -> None:
        self._give(result)

    def set_exception(self, exc: BaseException) -> None:
        assert isinstance(exc, Refused)
        self._give(exc)

    def _give(self, outcome: Accepted | Refused) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._answer(outcome)
        except Exception:
            log.exception("answering a command failed")


Publish = Callable[[str, list[Stamped]], Awaitable[None]]
Job = tuple[Command, "asyncio.Future[Accepted] | Reply | None"]


class RoomRunner:
    def __init__(
        self,
        state: RoomState,
        log_: EventLog,
        publish: Publish,
        clock: Clock,
        fence: int = 0,
        on_batch: Callable[[int, float], None] | None = None,
        core: Core = CORE,
    ) -> None:
        self.room_id = state.room_id
        self.core = core
        self.state = state
        self._log = log_
        self._publish = publish
        self._clock = clock
        self.fence = fence
        self._queue: asyncio.Queue[Job] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._alarm: asyncio.Task[None] | None = None
        self._alarm_at: float | None = None
        self._fired_at: float | None = None
        self._since_snapshot = 0
        self._on_batch = on_batch
        self.stopped = False
        self._quiet = asyncio.Event()  # set while nothing is queued or in progress
        self._quiet.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"room:{self.room_id}")
        self._rearm()

    async def stop(self) -> None:
        self.stopped = True
        for t in (self._alarm, self._task):
            if t is not None:
                t.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await t
        self._refuse_queued()

    def submit(self, command: Command) -> asyncio.Future[Accepted]:
        """Queue `command`; the future resolves once its events are durable and published."""
        fut: asyncio.Future[Accepted] = asyncio.get_running_loop().create_future()
        if self.stopped:
            fut.set_exception(Refused(WireError.of(ErrorCode.UNAVAILABLE, "the room moved; retry")))
        else:
            self._quiet.clear()
            self._queue.put_nowait((command, fut))
        return fut

    def put(self, command: Command, reply: Reply) -> None:
        """Queue `command`; `reply` is answered once its events are durable and published."""
        if self.stopped:
            reply.set_exception(Refused(WireError.of(ErrorCode.UNAVAILABLE, "the room moved; retry")))
        else:
            self._quiet.clear()
            self._queue.put_nowait((command, reply))

    @property
    def idle(self) -> bool:
        return self._queue.empty() and self.core.next_deadline(self.state) is None

    async def finish(self) -> None:
        """Process every command already queued, then stop: a hand-over drops nothing in flight."""
        if not self.stopped:
            await self._quiet.wait()
        await self.stop()

    async def _run(self) -> None:
        try:
            while True:
                jobs = [await self._queue.get()]
                while len(jobs) < BATCH_MAX and not self._queue.empty():
                    jobs.append(self._queue.get_nowait())
                seq_before = self.state.seq
                try:
                    await self._process(jobs)
                except asyncio.CancelledError:
                    raise
                except Exception:  # a bug in a rule must not kill the room
                    log.exception("room %s: batch failed", self.room_id)
                    for _, fut in jobs:
                        if fut is not None and not fut.done():
                            fut.set_exception(Refused(WireError.of(ErrorCode.INTERNAL, "internal error")))
                    try:
                        self.state = await self._log.load(self.room_id)
                    except Exception:
                        # The log is unreachable: stop rather than run on a state it may not hold;
                        # whoever owns the room next rebuilds it from the log.
                        log.warning("room %s: cannot reload from the log; stopping its runner", self.room_id)
                        self.stopped = True
                        if self._alarm is not None:
                            self._alarm.cancel()
                        return
                finally:
                    if self._queue.empty():
                        self._quiet.set()
                # A tick that produced events may legitimately leave the next deadline where it was
                # (time up, then hand over after a zero grace): only a tick that changed nothing is stuck.
                if self.state.seq != seq_before or not any(isinstance(c, Tick) for c, _ in jobs):
                    self._fired_at = None
                self._rearm()
        finally:
            self._refuse_queued()
            self._quiet.set()

    def _refuse_queued(self) -> None:
        while not self._queue.empty():
            _, fut = self._queue.get_nowait()
            if fut is not None and not fut.done():
                fut.set_exception(Refused(WireError.of(ErrorCode.UNAVAILABLE, "the room moved; retry")))

    async def _process(self, jobs: list[Job]) -> None:
        now = self._clock.now()
        started = asyncio.get_running_loop().time()
        stamped: list[Stamped] = []
        outcomes: list[tuple[asyncio.Future[Accepted] | Reply | None, Accepted | Refused]] = []
        for command, fut in jobs:
            try:
                events = self.core.decide(self.state, command, now)
            except Rejected as rej:
                outcomes.append((fut, Refused(WireError.of(rej.code, rej.detail))))
                continue
            except Exception:
                # A bug in a rule. `decide` changes nothing, so only this command fails; the others
                # in the batch (other members' commands) go on. A failing `apply` is different: it
                # may have half-changed the state, and the whole batch is reloaded from the log.
                log.exception("room %s: deciding %s failed", self.room_id, type(command).__name__)
                outcomes.append((fut, Refused(WireError.of(ErrorCode.INTERNAL, "internal error; nothing changed"))))
                continue
            for ev in events:
                stamped.append(Stamped(self.state.seq + 1, ev))
                self.core.apply(self.state, ev)
            outcomes.append((fut, Accepted(seq=self.state.seq, changed=bool(events))))
        if stamped:
            try:
                await self._log.append(self.room_id, stamped, self.fence)
            except (LogUnavailable, Fenced) as exc:
                code = ErrorCode.UNAVAILABLE
                for fut, _ in outcomes:
                    if fut is not None and not fut.done():
                        fut.set_exception(Refused(WireError.of(code, f"not saved, retry: {exc}")))
                if isinstance(exc, Fenced):
                    self.stopped = True
                    raise asyncio.CancelledError from exc
                self.state = await self._log.load(self.room_id)
                return
            await self._publish(self.room_id, stamped)
            self._since_snapshot += len(stamped)
        for fut, outcome in outcomes:
            if fut is None or fut.done():
                continue
            if isinstance(outcome, Refused):
                fut.set_exception(outcome)
            else:
                fut.set_result(outcome)
        if self._on_batch is not None:
            self._on_batch(len(jobs), asyncio.get_running_loop().time() - started)
        if self._since_snapshot >= SNAPSHOT_EVERY:
            self._since_snapshot = 0
            await self._log.save_snapshot(self.room_id, self.state)

    def _rearm(self) -> None:
        deadline = self.core.next_deadline(self.state)
        if deadline is not None and deadline == self._fired_at:
            # A tick at this deadline changed nothing: a rule bug. Do not spin; wait for a change.
            log.error("room %s: deadline %s did not move after a tick", self.room_id, deadline)
            return
        if deadline == self._alarm_at and (self._alarm is None or not self._alarm.done()):
            return
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm_at = deadline
        self._alarm = None if deadline is None else asyncio.create_task(self._ring(deadline))

    async def _ring(self, deadline: float) -> None:
        await self._clock.sleep_until(deadline)
        self._alarm_at = None
        self._fired_at = deadline
        self._quiet.clear()
        self._queue.put_nowait((Tick(actor=""), None))
