"""The socket.io namespace: connect, join, and every command through one table-driven handler.

Handlers are plumbing: decode, check limits, translate, submit to the room's writer, acknowledge.
python-socketio routes `on_<event>` by name; commands are routed by protocol.CLIENT_COMMANDS
instead (one entry per command), so an unknown event gets `unknown_event` rather than silence, and
adding a command never means adding a handler here.

Handlers run as tasks (`async_handlers=True`), so a command waiting on its room never holds up the
socket's reader and its heartbeats; each connection's `turn` (a FIFO lock taken in arrival order)
keeps one socket's commands in the order it sent them, and its `backlog` bounds how many may wait.
Every frame is charged to the sender's rate limit before it is decoded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

import msgspec
import socketio

from protocol import PROTOCOL_VERSION
from protocol.codec import DecodeError, decode_as, decode_command, to_wire
from protocol.errors import ErrorCode, WireError
from protocol.messages import CLIENT_COMMANDS, Ack, ConnectAuth, JoinAck, JoinRequest, Me, Refusal
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
from server.runner import Refused
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
    address: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def peer_address(environ: dict[str, Any]) -> str:
    """The TCP peer of the socket (engine.io's REMOTE_ADDR is always 127.0.0.1 under aiohttp)."""
    request = environ.get("aiohttp.request")
    return str(getattr(request, "remote", None) or "")


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
        if conn.backlog >= MAX_BACKLOG:
            return self._refused(ErrorCode.RATE_LIMITED, "too many commands waiting; slow down")
        conn.backlog += 1
        deadline = asyncio.get_running_loop().time() + COMMAND_TIMEOUT  # bounded from arrival, not turn
        try:
            async with conn.turn:  # FIFO: the tasks reach here in arrival order
                if event == "join":
                    return await self.on_join(sid, payload)
                return await self._command(conn, event, payload, deadline)
        except Exception:  # a bug: this command is refused, the socket and the room go on
            log.exception("command %r from %s failed", event, sid)
            return self._refused(ErrorCode.INTERNAL, "internal error")
        finally:
            conn.backlog -= 1

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
            wire = decode_command(event, payload)
        except DecodeError as exc:
            return self._refused(exc.error.code, exc.error.message)
        if wire.ephemeral:
            return await self._relay(conn, event, wire)
        try:
            accepted = await asyncio.wait_for(
                self.hub.submit(conn.room_id, to_command(wire, conn.member_id)), deadline - started
            )
        except Refused as exc:
            return self._refused(exc.error.code, exc.error.message)
        except TimeoutError:
            return self._refused(ErrorCode.TIMEOUT, "the room did not answer in time; retry")
        self.metrics.commands.labels("accepted").inc()
        took = asyncio.get_running_loop().time() - started
        self.metrics.command_seconds.observe(took)
        self.metrics.command_latency.labels(event).observe(took)
        ack = Ack(ok=True, seq=accepted.seq if accepted.changed else None, now=self.clock.now())
        return to_wire(ack)  # type: ignore[no-any-return]

    async def _relay(self, conn: Connection, event: str, wire: Any) -> dict[str, Any]:
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
        await self.hub.relay(conn.room_id, event, conn.member_id, data, to)
        return to_wire(Ack(ok=True, seq=None, now=self.clock.now()))  # type: ignore[no-any-return]

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
                # The command in progress (the `leave` that closed it) is answered first: its ack is
                # queued as its turn ends, before the outbox is drained and the socket closed.
                async with conn.turn:
                    conn.member_id = None
                if conn.outbox is not None:
                    await conn.outbox.close()
            await self.disconnect(sid)

        asyncio.get_running_loop().create_task(kick())
