"""HTTP routes of the record: the session record, the board export, and fresh links for a new session.

Who may read them: the record holds what people wrote, so it is never open, even when room creation
is. Accepted, as `Authorization: Bearer <token>` only (a query string ends up in logs and histories):
  - the server's API key (`--api-key`), when one is set: for operators and integrations;
  - a facilitator or co-facilitator link of this room's current session;
  - the member token (from the `join` ack) of a current facilitator or co-facilitator of this room.

A stranger's request costs nothing: the signature is checked before the room is loaded, and the
record is built and rendered in a worker thread, off the event loop the room's sockets share.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from aiohttp import web

from protocol.errors import ErrorCode, WireError
from rooms import RoomState
from rooms.state import Role
from server.clock import Clock
from server.cluster.base import Backend
from server.config import Config
from server.record.build import board_json, build_record
from server.record.render import to_csv, to_markdown
from server.record.small_groups import boards_svg
from server.tokens import Signer, TokenRefused

LEADS = (Role.FACILITATOR, Role.CO_FACILITATOR)
LINK_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR, Role.PARTICIPANT, Role.OBSERVER)
EXPORT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Credential:
    """A verified token: the API key (both None), a lead's link of `session`, or a member's token."""

    session: int | None = None
    member_id: str | None = None

    def may_read(self, state: RoomState) -> bool:
        if self.member_id is not None:
            member = state.admitted(self.member_id)
            return member is not None and member.role in LEADS
        return self.session is None or self.session == state.session


def _error(status: int, code: ErrorCode, message: str) -> web.Response:
    return web.json_response({"error": msgspec.to_builtins(WireError.of(code, message))}, status=status)


class RecordApi:
    def __init__(self, config: Config, signer: Signer, backend: Backend, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.signer = signer
        self.backend = backend

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/api/rooms/{room_id}/record", self.record)
        app.router.add_get("/api/rooms/{room_id}/board", self.board)
        app.router.add_post("/api/rooms/{room_id}/links", self.links)

    def _credential(self, token: str, room_id: str) -> Credential | None:
        """Who the token is, checked by signature alone: nothing is loaded for a stranger."""
        if not token:
            return None
        if self.config.api_key and hmac.compare_digest(token.encode(), self.config.api_key.encode()):
            return Credential()
        try:
            link = self.signer.read_link(token)
            return Credential(session=link.session) if link.room_id == room_id and link.role in LEADS else None
        except TokenRefused:
            pass
        try:
            return Credential(member_id=self.signer.read_member(token, room_id).member_id)
        except TokenRefused:
            return None

    async def _room(self, request: web.Request) -> RoomState | web.Response:
        room_id = request.match_info["room_id"]
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        # One answer for "no such room" and "not yours": room ids are not confirmed to strangers.
        refused = _error(401, ErrorCode.BAD_TOKEN, "needs a facilitator link or token of this room, or the API key")
        credential = self._credential(token, room_id)
        if credential is None:
            return refused
        state = await self.backend.load(room_id)
        if not state.created or not credential.may_read(state):
            return refused
        return state

    @staticmethod
    async def _off_loop(render: Callable[[], Any]) -> Any:
        """Build a record away from the event loop: the state is this request's own copy."""
        return await asyncio.to_thread(render)

    @staticmethod
    def _file(body: str, content_type: str, name: str) -> web.Response:
        headers = {**EXPORT_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
        return web.Response(text=body, content_type=content_type, charset="utf-8", headers=headers)

    async def record(self, request: web.Request) -> web.Response:
        """GET /api/rooms/{id}/record?format=md|json|csv (json by default)."""
        state = await self._room(request)
        if isinstance(state, web.Response):
            return state
        fmt = request.query.get("format", "json")
        render = {"json": lambda r: r, "md": to_markdown, "csv": to_csv}.get(fmt)
        if render is None:
            return _error(400, ErrorCode.BAD_VALUE, "format is md, json or csv")
        now = self.clock.now()
        body = await self._off_loop(lambda: render(build_record(state, now)))
        stem = f"{state.room_id}-session-{state.session}"
        if fmt == "json":
            return web.json_response(body, headers=EXPORT_HEADERS)
        return self._file(body, "text/markdown" if fmt == "md" else "text/csv", f"{stem}.{fmt}")

    async def board(self, request: web.Request) -> web.Response:
        """GET /api/rooms/{id}/board?format=svg|json (svg by default)."""
        state = await self._room(request)
        if isinstance(state, web.Response):
            return state
        fmt = request.query.get("format", "svg")
        if fmt == "svg":
            svg = await self._off_loop(lambda: boards_svg(state))
            return self._file(svg, "image/svg+xml", f"{state.room_id}-board.svg")
        if fmt == "json":
            return web.json_response(await self._off_loop(lambda: board_json(state)), headers=EXPORT_HEADERS)
        return _error(400, ErrorCode.BAD_VALUE, "format is svg or json")

    async def links(self, request: web.Request) -> web.Response:
        """POST /api/rooms/{id}/links: join links for the room's current session (after `start_next_session`)."""
        state = await self._room(request)
        if isinstance(state, web.Response):
            return state
        base = self.config.base_url()
        tokens: dict[str, Any] = {r.value: self.signer.link(state.room_id, r, state.session) for r in LINK_ROLES}
        return web.json_response(
            {
                "room_id": state.room_id,
                "session": state.session,
                "links": {role: f"{base}/r/{state.room_id}#t={tok}" for role, tok in tokens.items()},
                "tokens": tokens,
            }
        )
