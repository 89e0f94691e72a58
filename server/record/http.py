"""HTTP routes of the record: the session record, the board export, and fresh links for a new session.

Who may read them: the record holds what people wrote, so it is never open, even when room creation
is. Accepted, as `Authorization: Bearer <token>` or `?token=`:
  - the server's API key (`--api-key`), when one is set: for operators and integrations;
  - a facilitator or co-facilitator link of this room's current session;
  - the member token (from the `join` ack) of a current facilitator or co-facilitator of this room.
"""

from __future__ import annotations

import hmac
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

    def _may_read(self, token: str, state: RoomState) -> bool:
        if not token:
            return False
        if self.config.api_key and hmac.compare_digest(token.encode(), self.config.api_key.encode()):
            return True
        try:
            link = self.signer.read_link(token)
            return link.room_id == state.room_id and link.session == state.session and link.role in LEADS
        except TokenRefused:
            pass
        try:
            claim = self.signer.read_member(token, state.room_id)
        except TokenRefused:
            return False
        member = state.admitted(claim.member_id)
        return member is not None and member.role in LEADS

    async def _room(self, request: web.Request) -> RoomState | web.Response:
        room_id = request.match_info["room_id"]
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or request.query.get(
            "token", ""
        )
        state = await self.backend.load(room_id)
        if not state.created or not self._may_read(token, state):
            # One answer for "no such room" and "not yours": room ids are not confirmed to strangers.
            return _error(401, ErrorCode.BAD_TOKEN, "needs a facilitator link or token of this room, or the API key")
        return state

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
        record = build_record(state, self.clock.now())
        stem = f"{state.room_id}-session-{state.session}"
        if fmt == "json":
            return web.json_response(record, headers=EXPORT_HEADERS)
        if fmt == "md":
            return self._file(to_markdown(record), "text/markdown", f"{stem}.md")
        if fmt == "csv":
            return self._file(to_csv(record), "text/csv", f"{stem}.csv")
        return _error(400, ErrorCode.BAD_VALUE, "format is md, json or csv")

    async def board(self, request: web.Request) -> web.Response:
        """GET /api/rooms/{id}/board?format=svg|json (svg by default)."""
        state = await self._room(request)
        if isinstance(state, web.Response):
            return state
        fmt = request.query.get("format", "svg")
        if fmt == "svg":
            return self._file(boards_svg(state), "image/svg+xml", f"{state.room_id}-board.svg")
        if fmt == "json":
            return web.json_response(board_json(state), headers=EXPORT_HEADERS)
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
