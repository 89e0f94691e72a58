"""The socket.io namespace: connect, join, and every command through one table-driven handler.

Handlers are plumbing: decode, check limits, translate, submit to the room's writer, acknowledge.
python-socketio routes `on_<event>` by name; commands are routed by protocol.CLIENT_COMMANDS
instead (one entry per command), so an unknown event gets `unknown_event` rather than silence, and
adding a command never means adding a handler here.

Handlers run inline per socket (`async_handlers=False`): one socket's commands reach its room in
the order it sent them, and a flooding socket is slowed by its own acknowledgements, not others'.
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
from protocol.messages import Ack, ConnectAuth, JoinAck, JoinRequest, Me, Refusal
from rooms.membership.commands import Disconnect, Join
from rooms.permissions import relay_allowed
from rooms.spaces.where import may_relay
from rooms.state import Admission, Presence, Role
from server.clock import Clock
from server.config import Config
from server.feed import RoomFeed
from server.hub import Hub
from server.limits import TokenBucket, relay_bucket
from server.metrics import Metrics
from server.outbox import Outbox
from server.runner import Refused
from server.tokens import Signer, TokenRefused
from server.translate import to_command

log = logging.getLogger(__name__)

COMMAND_TIMEOUT = 10.0
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
    extra: dict[str, Any] = field(default_factory=dict)


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

    def bind(self, hub: Hub) -> None:
        self.hub = hub

    # -- routing -------------------------------------------------------------------------------

    async def trigger_event(self, event: str, *args: Any) -> Any:
        if event in ("connect", "disconnect", "join"):
            return await super().trigger_event(event, *args)
        sid = args[0]
        payload = args[1] if len(args) > 1 else None
        return await self._command(sid, event, payload)

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
        )
        self.metrics.sockets.inc()

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
        if conn.session != feed.state.session:
            # A member still in the room when the next session began is part of it: their socket
            # may drop and come back with the link they had. Anyone else needs the new link.
            known = feed.state.members.get(member_id) if req.resume else None
            if known is None or known.presence is Presence.LEFT:
                return refusal(ErrorCode.BAD_TOKEN, "this link is from an earlier session of the room")
        try:
            accepted = await asyncio.wait_for(
                self.hub.submit(conn.room_id, Join(actor=member_id, name=req.name, role=conn.role)),
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
        conn.outbox = Outbox(conn.sid, self._send, self._overflow)
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

    async def _command(self, sid: str, event: str, payload: Any) -> dict[str, Any]:
        assert self.hub is not None
        started = asyncio.get_running_loop().time()
        conn = self.conns.get(sid)
        if conn is None or conn.member_id is None:
            return self._refused(ErrorCode.NOT_JOINED, "join a room first")
        if len(_size.encode(payload)) > self.config.max_message_bytes:
            return self._refused(ErrorCode.TOO_LARGE, f"messages are limited to {self.config.max_message_bytes} bytes")
        try:
            wire = decode_command(event, payload)
        except DecodeError as exc:
            return self._refused(exc.error.code, exc.error.message)
        if wire.ephemeral:
            return await self._relay(conn, event, wire)
        if not conn.commands.take():
            return self._refused(ErrorCode.RATE_LIMITED, "too many commands; slow down")
        try:
            accepted = await asyncio.wait_for(
                self.hub.submit(conn.room_id, to_command(wire, conn.member_id)), COMMAND_TIMEOUT
            )
        except Refused as exc:
            return self._refused(exc.error.code, exc.error.message)
        except TimeoutError:
            return self._refused(ErrorCode.TIMEOUT, "the room did not answer in time; retry")
        self.metrics.commands.labels("accepted").inc()
        self.metrics.command_seconds.observe(asyncio.get_running_loop().time() - started)
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
        if to is not None and feed is not None and not may_relay(feed.state, event, conn.member_id, to):
            return self._refused(ErrorCode.FORBIDDEN, f"{to} is in another group: {event} stays within your group")
        await self.hub.relay(conn.room_id, event, conn.member_id, data, to)
        return to_wire(Ack(ok=True, seq=None, now=self.clock.now()))  # type: ignore[no-any-return]

    def _refused(self, code: ErrorCode, message: str) -> dict[str, Any]:
        self.metrics.commands.labels("refused").inc()
        self.metrics.refusals.labels(code.value).inc()
        return refusal(code, message)

    # -- sending -------------------------------------------------------------------------------

    async def _send(self, name: str, data: Any, sid: str) -> None:
        await self.emit(name, data, to=sid)

    def _overflow(self, sid: str) -> None:
        log.warning("socket %s fell too far behind; disconnecting it so it resyncs", sid)
        asyncio.get_running_loop().create_task(self.disconnect(sid))

    def close_socket(self, sid: str, code: str, message: str) -> None:
        """Disconnect `sid` once its outbox (ending with `closed`) has been sent."""

        async def kick() -> None:
            conn = self.conns.get(sid)
            if conn is not None and conn.outbox is not None:
                conn.member_id = None
                await conn.outbox.close()
            await self.disconnect(sid)

        asyncio.get_running_loop().create_task(kick())
