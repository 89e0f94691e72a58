"""The socket.io namespace: connect, join, and every command through one table-driven handler.

Handlers are plumbing: decode, check limits, translate, submit to the room's writer, acknowledge.
python-socketio routes `on_<event>` by name; commands are routed by protocol.CLIENT_COMMANDS
instead (one entry per command), so an unknown event gets `unknown_event` rather than silence, and
adding a command never means adding a handler here.

Two paths, one set of checks (`_check`, `_relay_check`):

- The fast path (`handle_now`, called by frames.FrameGuard for every event frame): a joined socket's
  command whose room's writer runs in this process is checked, submitted straight into the writer's
  queue and answered from the writer's future by a callback, with no task, no lock and no await. A
  relay on one node is delivered at once. This is the path of nearly every command.
- The general path (a task per frame, python-socketio's `async_handlers=True`): `join`, a room whose
  writer is elsewhere or not started yet, and whatever arrives while this socket has general-path
  commands waiting. A command waiting on its room never holds up the socket's reader and its
  heartbeats; each connection's `turn` (a FIFO lock taken in arrival order) keeps one socket's
  commands in the order it sent them, and its `backlog` bounds how many may wait.

Order per socket is the same on both: fast-path commands enter the writer's queue in arrival order; a
frame takes the fast path only while nothing of the socket waits on the general one, and the general
path first waits for the socket's fast-path commands to be decided (`inflight`). Every frame is
charged to the sender's rate limit before it is decoded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
import socketio

from protocol import PROTOCOL_VERSION
from protocol.codec import DecodeError, decode_as, decode_command, to_wire
from protocol.errors import ErrorCode, WireError
from protocol.messages import CLIENT_COMMANDS, Ack, ClientCommand, ConnectAuth, JoinAck, JoinRequest, Me, Refusal
from rooms.membership.commands import Disconnect, Join
from rooms.permissions import relay_allowed
from rooms.spaces.where import may_relay
from rooms.state import Admission, Presence, Role
from server import fanout
from server.clock import Clock
from server.config import Config
from server.feed import RoomFeed
from server.frames import non_finite
from server.hub import Hub
from server.limits import JoinLimits, TokenBucket, relay_bucket
from server.media import LISTENER
from server.metrics import Metrics
from server.outbox import Outbox
from server.runner import Accepted, Refused, Reply, RoomRunner
from server.tokens import Signer, TokenRefused
from server.translate import to_command

log = logging.getLogger(__name__)

COMMAND_TIMEOUT = 10.0
#: commands of one socket waiting for their turn; more are refused as `rate_limited`
MAX_BACKLOG = 64
_size = msgspec.msgpack.Encoder()


@dataclass
class Connection:
    sid: str
    room_id: str
    role: Role
    session: int
    commands: TokenBucket
    relays: TokenBucket
    member_id: str | None = None
    outbox: Outbox | None = None
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    backlog: int = 0
    #: fast-path commands in the writer's queue, not answered yet; `settled` is set when there are none
    inflight: int = 0
    settled: asyncio.Event = field(default_factory=asyncio.Event)
    #: frames the fast path sent down the general path whose task has not reached `trigger_event`
    queued: int = 0
    address: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def peer_address(environ: dict[str, Any]) -> str:
    """The TCP peer of the socket (engine.io's REMOTE_ADDR is always 127.0.0.1 under aiohttp)."""
    request = environ.get("aiohttp.request")
    return str(getattr(request, "remote", None) or "")


class Deadlines:
    """The timeouts of the fast path's commands in flight: one deque and one timer for all of them.

    Every timeout has the same length, so they fall due in the order they were set. A timer handle per
    command (uvloop's `call_later`, then `cancel`) was 2-3% of a node's time at 12,000 deliveries/s;
    here a settled command only clears its entry, and the one timer skips cleared entries.
    """

    def __init__(self, after: float) -> None:
        self.after = after
        self._due: deque[list[Any]] = deque()  # [when, expire callback or None once settled]
        self._timer: asyncio.TimerHandle | None = None

    def add(self, expire: Callable[[], None]) -> list[Any]:
        """`expire` runs once `after` seconds have passed, unless the entry's [1] is set to None first."""
        loop = asyncio.get_running_loop()
        entry = [loop.time() + self.after, expire]
        self._due.append(entry)
        if self._timer is None:
            self._timer = loop.call_at(entry[0], self._fire)
        return entry

    def _fire(self) -> None:
        self._timer = None
        now = asyncio.get_running_loop().time()
        due = self._due
        while due and (due[0][1] is None or due[0][0] <= now):
            expire = due.popleft()[1]
            if expire is not None:
                expire()
        if due:
            self._timer = asyncio.get_running_loop().call_at(due[0][0], self._fire)


def refusal(code: ErrorCode, message: str) -> dict[str, Any]:
    return to_wire(Refusal(ok=False, error=WireError.of(code, message)))  # type: ignore[no-any-return]


class Gateway(socketio.AsyncNamespace):
    def __init__(self, config: Config, signer: Signer, clock: Clock, metrics: Metrics) -> None:
        super().__init__("/")
        self.config = config
        self.signer = signer
        self.clock = clock
        self.metrics = metrics
        self.hub: Hub | None = None
        self.conns: dict[str, Connection] = {}
        self.joins = JoinLimits(config.joins_per_link, config.joins_per_address)
        self._accepted_total = metrics.commands.labels("accepted")
        self._paths = metrics.command_paths.counts
        self._deadlines = Deadlines(COMMAND_TIMEOUT)
        self._latency: dict[str, Any] = {}

    def bind(self, hub: Hub) -> None:
        self.hub = hub

    # -- routing -------------------------------------------------------------------------------

    async def trigger_event(self, event: str, *args: Any) -> Any:
        if event in ("connect", "disconnect"):  # from python-socketio itself (frames.FrameGuard)
            return await super().trigger_event(event, *args)
        sid = args[0]
        payload = args[1] if len(args) > 1 else None
        conn = self.conns.get(sid)
        if conn is None:
            return self._refused(ErrorCode.NOT_JOINED, "connect first")
        if conn.queued:
            conn.queued -= 1  # this frame's turn is now held by `backlog`
        if conn.backlog >= MAX_BACKLOG:
            return self._refused(ErrorCode.RATE_LIMITED, "too many commands waiting; slow down")
        conn.backlog += 1
        deadline = asyncio.get_running_loop().time() + COMMAND_TIMEOUT  # bounded from arrival, not turn
        try:
            async with conn.turn:  # FIFO: the tasks reach here in arrival order
                if conn.inflight:  # earlier commands of this socket took the fast path: after them
                    await conn.settled.wait()
                if event == "join":
                    return await self.on_join(sid, payload)
                return await self._command(conn, event, payload, deadline)
        except Exception:  # a bug: this command is refused, the socket and the room go on
            log.exception("command %r from %s failed", event, sid)
            return self._refused(ErrorCode.INTERNAL, "internal error")
        finally:
            conn.backlog -= 1

    def handle_now(self, sid: str, event: str, payload: Any, ack_id: int | None) -> bool:
        """The fast path (module doc): True when the frame was handled here; False: the general path."""
        conn = self.conns.get(sid)
        if conn is None:
            return False
        if self._takes_now(conn, event, payload, ack_id):
            self._paths["fast"] += 1
            return True
        self._paths["general"] += 1
        # Down the general path, in a task that has not run yet: until it reaches `trigger_event`,
        # this socket's later frames must not overtake it on the fast path.
        conn.queued += 1
        return False

    def _takes_now(self, conn: Connection, event: str, payload: Any, ack_id: int | None) -> bool:
        if conn.member_id is None or conn.backlog or conn.queued or conn.outbox is None:
            return False
        kind = CLIENT_COMMANDS.get(event)
        if kind is None or event == "join":
            return False
        assert self.hub is not None
        try:
            if kind.ephemeral:
                if not self.hub.backend.relays_at_once or conn.inflight:
                    return False  # over Redis (awaited), or after this socket's commands are decided
                if isinstance(payload, dict) and payload.get("to") == LISTENER:
                    return False  # the listener lives with the room's writer, which may be starting
                self._relay_now(conn, event, payload, ack_id)
                return True
            runner = self.hub.backend.local_writer(conn.room_id)
            if runner is None:
                return False
            if conn.inflight >= MAX_BACKLOG:
                busy = self._refused(ErrorCode.RATE_LIMITED, "too many commands waiting; slow down")
                self._answer(conn, ack_id, busy)
                return True
            checked = self._check(conn, event, payload)
            if isinstance(checked, dict):
                self._answer(conn, ack_id, checked)
                return True
            self._submit_now(conn, runner, event, checked, ack_id)
        except Exception:  # a bug: this command is refused, the socket and the room go on
            log.exception("command %r from %s failed", event, conn.sid)
            self._answer(conn, ack_id, self._refused(ErrorCode.INTERNAL, "internal error"))
        return True

    def _submit_now(self, conn: Connection, runner: RoomRunner, event: str, wire: Any, ack_id: int | None) -> None:
        """Into the writer's queue; the writer answers in its own turn (or the timeout, whichever is first)."""
        assert conn.member_id is not None
        loop = asyncio.get_running_loop()
        started = loop.time()
        conn.inflight += 1
        conn.settled.clear()
        answered = False

        def settle() -> bool:
            """Once per command, whichever comes first: its answer, or the timeout."""
            nonlocal answered
            if answered:
                return False
            answered = True
            timer[1] = None
            conn.inflight -= 1
            if not conn.inflight:
                conn.settled.set()
            return True

        def timed_out() -> None:
            if settle():
                self._answer(conn, ack_id, self._refused(ErrorCode.TIMEOUT, "the room did not answer in time; retry"))

        timer = self._deadlines.add(timed_out)

        def done(outcome: Accepted | Refused) -> None:
            if not settle():
                return
            if isinstance(outcome, Refused):
                self._answer(conn, ack_id, self._refused(outcome.error.code, outcome.error.message))
            else:
                self._answer(conn, ack_id, self._accepted(event, outcome, loop.time() - started))

        runner.put(to_command(wire, conn.member_id), Reply(done))

    def _relay_now(self, conn: Connection, event: str, payload: Any, ack_id: int | None) -> None:
        assert self.hub is not None
        checked = self._check(conn, event, payload)
        if not isinstance(checked, dict):
            relayed = self._relay_check(conn, event, checked)
            if isinstance(relayed, tuple):
                data, to = relayed
                self.hub.backend.relay_now(
                    conn.room_id, {"type": event, "member_id": conn.member_id, "data": data, "to": to}
                )
                checked = to_wire(Ack(ok=True, seq=None, now=self.clock.now()))
            else:
                checked = relayed
        self._answer(conn, ack_id, checked)

    def _answer(self, conn: Connection, ack_id: int | None, answer: dict[str, Any]) -> None:
        """The ack of one frame, on the socket's ordered stream (after what it was sent before)."""
        if ack_id is not None and conn.outbox is not None:
            conn.outbox.put_ack(fanout.encode_ack(ack_id, answer))

    def refuse_frame(self, sid: str, code: ErrorCode, message: str) -> dict[str, Any]:
        """A frame refused below the namespace still costs its sender one command of its rate."""
        conn = self.conns.get(sid)
        if conn is not None and not conn.commands.take():
            return self._refused(ErrorCode.RATE_LIMITED, "too many commands; slow down")
        return self._refused(code, message)

    # -- connecting ----------------------------------------------------------------------------

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        try:
            hello = decode_as(auth, ConnectAuth)
            if hello.v != PROTOCOL_VERSION:
                raise TokenRefused(
                    ErrorCode.VERSION_MISMATCH,
                    f"this server speaks protocol {PROTOCOL_VERSION}, the client {hello.v}; reload the page",
                )
            link = self.signer.read_link(hello.token)
            await self._current_session(link.room_id, link.session, hello.resume)
        except DecodeError as exc:
            self._refuse_connect(exc.error)
        except TokenRefused as exc:
            self._refuse_connect(exc.error)
        now = self.clock.now
        self.conns[sid] = Connection(
            sid=sid,
            room_id=link.room_id,
            role=link.role,
            session=link.session,
            commands=TokenBucket(self.config.commands_per_second, self.config.command_burst, now),
            relays=TokenBucket(self.config.relays_per_second, self.config.relays_per_second * 2, now),
            address=peer_address(environ),
        )
        self.metrics.sockets.inc()

    async def _current_session(self, room_id: str, session: int, resume: str | None) -> None:
        """Refuse a link of an earlier session at connect, unless it brings back a member still in the room."""
        assert self.hub is not None
        feed = self.hub.feeds.get(room_id)
        if feed is None:
            try:
                feed = await self.hub.feed(room_id)
            except Refused:
                return  # the store is away: `join` answers with the retryable reason
            finally:
                await self.hub.release(room_id)  # kept only while a socket follows it
        state = feed.state
        if not state.created or session == state.session:
            return
        if resume:
            known = state.members.get(self.signer.read_member(resume, room_id).member_id)
            if known is not None and known.presence is not Presence.LEFT:
                return  # in the room when the next session began: part of it
        raise TokenRefused(ErrorCode.BAD_TOKEN, "this link is from an earlier session of the room")

    def _refuse_connect(self, error: WireError) -> None:
        self.metrics.connect_refused.labels(error.code.value).inc()
        raise socketio.exceptions.ConnectionRefusedError(error.message, to_wire(error))

    async def on_join(self, sid: str, data: Any = None) -> dict[str, Any]:
        assert self.hub is not None
        conn = self.conns.get(sid)
        if conn is None:
            return refusal(ErrorCode.NOT_JOINED, "connect first")
        if conn.member_id is not None:
            return refusal(ErrorCode.CONFLICT, "this connection has joined already")
        if not self.joins.allow(f"{conn.room_id}:{conn.role.value}:{conn.session}", conn.address):
            return self._refused(ErrorCode.RATE_LIMITED, "too many joins through this link or address; retry shortly")
        try:
            req = decode_as(data, JoinRequest)
            if req.resume:
                member_id = self.signer.read_member(req.resume, conn.room_id).member_id
            else:
                member_id = "m-" + secrets.token_hex(6)
        except DecodeError as exc:
            return to_wire(Refusal(ok=False, error=exc.error))  # type: ignore[no-any-return]
        except TokenRefused as exc:
            return to_wire(Refusal(ok=False, error=exc.error))  # type: ignore[no-any-return]
        try:
            feed = await self.hub.feed(conn.room_id)
        except Refused as exc:  # the cluster store is unreachable
            return to_wire(Refusal(ok=False, error=exc.error))  # type: ignore[no-any-return]
        feed.joining += 1
        try:
            refused = await self._enter(conn, feed, member_id, req)
            if refused is not None:
                return refused
        finally:
            feed.joining -= 1
            if conn.member_id is None:
                await self.hub.release(conn.room_id)
        member = feed.state.members[member_id]
        ack = JoinAck(
            ok=True,
            status="waiting" if member.admission is Admission.WAITING else "joined",
            me=Me(
                id=member_id,
                role=member.role.value,
                token=self.signer.member(conn.room_id, member_id, feed.state.session),
            ),
            seq=feed.state.seq,
            now=self.clock.now(),
        )
        return to_wire(ack)  # type: ignore[no-any-return]

    async def _enter(self, conn: Connection, feed: RoomFeed, member_id: str, req: JoinRequest) -> dict[str, Any] | None:
        """Submit the Join and attach the socket to the feed; a refusal, or None when attached."""
        assert self.hub is not None
        if not feed.state.created:
            return refusal(ErrorCode.NO_SUCH_ROOM, "this room does not exist")
        # Which session's links may join is the room's rule (rooms/membership/rules.py check_link).
        join = Join(
            actor=member_id, name=req.name, role=conn.role, link_session=conn.session, resuming=bool(req.resume)
        )
        try:
            accepted = await asyncio.wait_for(
                self.hub.submit(conn.room_id, join),
                COMMAND_TIMEOUT,
            )
            await feed.caught_up(accepted.seq)
        except Refused as exc:
            return to_wire(Refusal(ok=False, error=exc.error))  # type: ignore[no-any-return]
        except TimeoutError:
            return refusal(ErrorCode.TIMEOUT, "the room did not answer in time; retry")
        if conn.sid not in self.conns:  # the socket went away while joining
            return refusal(ErrorCode.NOT_JOINED, "disconnected")
        if member_id not in feed.state.members:
            return refusal(ErrorCode.NOT_MEMBER, "could not join")
        conn.member_id = member_id
        conn.outbox = Outbox(conn.sid, fanout.engine_socket(self.server, conn.sid), self._overflow, self._shed)
        # No await between reading the replica and attaching: the stream starts exactly here.
        feed.attach(conn.sid, member_id, conn.outbox, req.last_seq)
        self.metrics.rooms.set(len(self.hub.feeds))
        return None

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        conn = self.conns.pop(sid, None)
        if conn is None:
            return
        self.metrics.sockets.dec()
        if conn.outbox is not None:
            await conn.outbox.close()
        if self.hub is None:
            return
        feed = self.hub.feeds.get(conn.room_id)
        if feed is None:
            return
        # member_id is None when the room itself closed this socket (removed, left): it was detached
        # then, but the node may still have to stop following the room.
        if conn.member_id is not None:
            feed.detach(sid)
            m = feed.state.members.get(conn.member_id)
            if m is not None and m.presence is Presence.CONNECTED and not feed.sids_of(conn.member_id):
                with contextlib.suppress(Refused, TimeoutError):
                    command = Disconnect(actor=conn.member_id)
                    await asyncio.wait_for(self.hub.submit(conn.room_id, command), COMMAND_TIMEOUT)
        if not feed.sockets:
            await self.hub.release(conn.room_id)
            self.metrics.rooms.set(len(self.hub.feeds))

    # -- commands ------------------------------------------------------------------------------

    async def _command(self, conn: Connection, event: str, payload: Any, deadline: float) -> dict[str, Any]:
        assert self.hub is not None
        started = asyncio.get_running_loop().time()
        if started >= deadline:  # it waited its whole budget behind this socket's earlier commands
            return self._refused(ErrorCode.TIMEOUT, "the room did not answer in time; retry")
        wire = self._check(conn, event, payload)
        if isinstance(wire, dict):
            return wire
        assert conn.member_id is not None
        if wire.ephemeral:
            relayed = self._relay_check(conn, event, wire)
            if isinstance(relayed, dict):
                return relayed
            data, to = relayed
            await self.hub.relay(conn.room_id, event, conn.member_id, data, to)
            return to_wire(Ack(ok=True, seq=None, now=self.clock.now()))  # type: ignore[no-any-return]
        try:
            accepted = await asyncio.wait_for(
                self.hub.submit(conn.room_id, to_command(wire, conn.member_id)), deadline - started
            )
        except Refused as exc:
            return self._refused(exc.error.code, exc.error.message)
        except TimeoutError:
            return self._refused(ErrorCode.TIMEOUT, "the room did not answer in time; retry")
        return self._accepted(event, accepted, asyncio.get_running_loop().time() - started)

    def _check(self, conn: Connection, event: str, payload: Any) -> ClientCommand | dict[str, Any]:
        """The frame's charge and checks, both paths: the decoded command, or the refusal to answer."""
        kind = CLIENT_COMMANDS.get(event)
        # Every frame costs its sender, valid or not: a malformed flood meets the same limit.
        bucket = conn.relays if kind is not None and kind.ephemeral else conn.commands
        if not bucket.take():
            return self._refused(ErrorCode.RATE_LIMITED, "too many commands; slow down")
        if conn.member_id is None:
            return self._refused(ErrorCode.NOT_JOINED, "join a room first")
        if len(_size.encode(payload)) > self.config.max_message_bytes:
            return self._refused(ErrorCode.TOO_LARGE, f"messages are limited to {self.config.max_message_bytes} bytes")
        if non_finite(payload):
            return self._refused(ErrorCode.BAD_VALUE, "numbers must be finite (no NaN or Infinity)")
        try:
            return decode_command(event, payload)
        except DecodeError as exc:
            return self._refused(exc.error.code, exc.error.message)

    def _accepted(self, event: str, accepted: Accepted, took: float) -> dict[str, Any]:
        self._accepted_total.inc()
        self.metrics.command_seconds.observe(took)
        latency = self._latency.get(event)
        if latency is None:  # prometheus_client's `labels` takes a lock and builds a key each call
            latency = self._latency[event] = self.metrics.command_latency.labels(event)
        latency.observe(took)
        ack = Ack(ok=True, seq=accepted.seq if accepted.changed else None, now=self.clock.now())
        return to_wire(ack)  # type: ignore[no-any-return]

    def _relay_check(self, conn: Connection, event: str, wire: Any) -> tuple[Any, str | None] | dict[str, Any]:
        """A relay's own checks (both paths): its data and recipient, or the refusal to answer."""
        assert self.hub is not None and conn.member_id is not None
        feed = self.hub.feeds.get(conn.room_id)
        member = None if feed is None else feed.state.admitted(conn.member_id)
        if member is None:
            return self._refused(ErrorCode.IN_LOBBY, "only members in the room can send this")
        if not relay_allowed(event, member.role):
            return self._refused(ErrorCode.FORBIDDEN, f"a {member.role.value} may not send {event}")
        own = relay_bucket(conn.extra.setdefault("relay_buckets", {}), event, self.clock.now)
        if not conn.relays.take() or (own is not None and not own.take()):
            return self._refused(ErrorCode.RATE_LIMITED, "too many messages; slow down")
        data = to_wire(wire)
        to = data.pop("to", None) if isinstance(data, dict) else None
        # The room's listener hears every space (it keeps their measures apart, rooms/speech/groups.py).
        if to not in (None, LISTENER) and feed is not None and not may_relay(feed.state, event, conn.member_id, to):
            return self._refused(ErrorCode.FORBIDDEN, f"{to} is in another group: {event} stays within your group")
        return data, to

    def _refused(self, code: ErrorCode, message: str) -> dict[str, Any]:
        self.metrics.commands.labels("refused").inc()
        self.metrics.refusals.labels(code.value).inc()
        return refusal(code, message)

    # -- sending -------------------------------------------------------------------------------

    def _shed(self) -> None:
        self.metrics.relays_shed.inc()

    def _overflow(self, sid: str) -> None:
        log.warning("socket %s fell too far behind; disconnecting it so it resyncs", sid)
        self.metrics.outbox_overflows.inc()
        asyncio.get_running_loop().create_task(self.disconnect(sid))

    def close_socket(self, sid: str, code: str, message: str) -> None:
        """Disconnect `sid` once its outbox (ending with `closed`) has been sent."""

        async def kick() -> None:
            conn = self.conns.get(sid)
            if conn is not None:
                # The command that closed it (a `leave`) is answered first: on the fast path from
                # the writer's future (`inflight`), on the general path as its turn ends. Then the
                # outbox is drained and the socket closed.
                if conn.inflight:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(conn.settled.wait(), 1.0)
                async with conn.turn:
                    conn.member_id = None
                if conn.outbox is not None:
                    await conn.outbox.close()
            await self.disconnect(sid)

        asyncio.get_running_loop().create_task(kick())
