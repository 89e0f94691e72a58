"""The HTTP side: health, readiness, metrics, the room API, and the web client's files."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

import msgspec
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from protocol.errors import ErrorCode, WireError
from rooms.membership.commands import CreateRoom
from rooms.speech.recording import recording_now
from rooms.state import AirtimeAudience, Role, RoomSettings, RoomState
from server.cluster.base import Backend
from server.config import Config
from server.hub import Hub
from server.metrics import Metrics
from server.record.http import RecordApi
from server.runner import Refused
from server.tokens import Signer, TokenRefused

WEB = Path(__file__).resolve().parent.parent / "web"
ROLES = [Role.FACILITATOR, Role.CO_FACILITATOR, Role.PARTICIPANT, Role.OBSERVER]


class NewRoom(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Body of POST /api/rooms."""

    title: str = ""
    code_of_conduct: str = ""
    lobby: bool = False
    capacity: int = 16
    template: str = ""
    #: who sees airtime during the session: "facilitators" or "everyone"
    airtime_visible_to: AirtimeAudience = AirtimeAudience.FACILITATORS
    #: seconds a dropped member keeps their place before counting as gone
    reconnect_grace: float = 60.0
    #: no phase starts by itself: each waits for the facilitator's "Next step"
    wait_between_phases: bool = False
    #: dot-vote totals are shown only once voting closes
    vote_totals_hidden: bool = False


def error(status: int, code: ErrorCode, message: str) -> web.Response:
    return web.json_response({"error": msgspec.to_builtins(WireError.of(code, message))}, status=status)


def new_room_id() -> str:
    """Ten characters from an alphabet without look-alikes: easy to read aloud, hard to guess."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class HttpApi:
    def __init__(self, config: Config, signer: Signer, backend: Backend, hub: Hub, metrics: Metrics) -> None:
        self.config = config
        self.signer = signer
        self.backend = backend
        self.hub = hub
        self.metrics = metrics
        self.started = False

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics_page)
        app.router.add_post("/api/rooms", self.create_room)
        app.router.add_get("/api/rooms/{room_id}", self.room_info)
        RecordApi(self.config, self.signer, self.backend, self.hub.clock).routes(app)
        app.router.add_get("/", self.page("index.html"))
        app.router.add_get("/r/{room_id}", self.page("room.html"))
        dist = WEB / "dist"
        if dist.is_dir():
            app.router.add_static("/assets/", dist, append_version=False)
        app.router.add_static("/static/", WEB / "static", append_version=False)

    def page(self, name: str) -> Any:
        async def handler(request: web.Request) -> web.StreamResponse:
            for folder in (WEB / "dist", WEB / "static"):
                path = folder / name
                if path.is_file():
                    return web.FileResponse(path, headers=SECURITY_HEADERS)
            raise web.HTTPNotFound()

        return handler

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(self, request: web.Request) -> web.Response:
        ready = self.started and self.backend.ready()
        return web.json_response({"ready": ready, "node": self.backend.node_id}, status=200 if ready else 503)

    async def metrics_page(self, request: web.Request) -> web.Response:
        body = generate_latest(self.metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    def _authorised(self, request: web.Request) -> bool:
        if not self.config.api_key:
            return True
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {self.config.api_key}".encode())

    async def create_room(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return error(401, ErrorCode.BAD_TOKEN, "creating rooms needs 'Authorization: Bearer <api key>'")
        try:
            body = msgspec.json.decode(await request.read() or b"{}", type=NewRoom)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            return error(400, ErrorCode.BAD_PAYLOAD, str(exc))
        room_id = new_room_id()
        settings = RoomSettings(
            capacity=body.capacity,
            lobby=body.lobby,
            template=body.template,
            airtime_visible_to=body.airtime_visible_to,
            reconnect_grace=body.reconnect_grace,
            wait_between_phases=body.wait_between_phases,
            vote_totals_hidden=body.vote_totals_hidden,
        )
        try:
            await self.backend.submit(
                room_id,
                CreateRoom(actor="", title=body.title, code_of_conduct=body.code_of_conduct, settings=settings),
            )
        except Refused as exc:
            status = 503 if exc.error.retryable else 400
            return web.json_response({"error": msgspec.to_builtins(exc.error)}, status=status)
        base = self.config.base_url()
        tokens = {r.value: self.signer.link(room_id, r, 1) for r in ROLES}
        return web.json_response(
            {
                "room_id": room_id,
                "session": 1,
                "links": {role: f"{base}/r/{room_id}#t={tok}" for role, tok in tokens.items()},
                "tokens": tokens,
                "record": f"{base}/api/rooms/{room_id}/record",
            },
            status=201,
        )

    async def room_info(self, request: web.Request) -> web.Response:
        """What the join page shows before joining: needs the room's link token."""
        room_id = request.match_info["room_id"]
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")  # never ?token=: logs keep it
        try:
            link = self.signer.read_link(token)
        except TokenRefused as exc:
            return web.json_response({"error": msgspec.to_builtins(exc.error)}, status=401)
        if link.room_id != room_id:
            return error(403, ErrorCode.WRONG_ROOM, "this link is for another room")
        state = await self.backend.load(room_id)
        if not state.created:
            return error(404, ErrorCode.NO_SUCH_ROOM, "this room does not exist")
        return web.json_response(
            {
                "room_id": room_id,
                "title": state.title,
                "code_of_conduct": state.code_of_conduct,
                "session": state.session,
                "locked": state.locked,
                "lobby": state.settings.lobby,
                "role": link.role.value,
                "ice_servers": ice_servers(self.config),
                # Nobody is recorded unannounced: the join page shows this before anyone enters.
                "recording": recording_notice(state),
            }
        )


def recording_notice(state: RoomState) -> dict[str, Any] | None:
    """The running recording as a link holder sees it before joining (None: not recording)."""
    rec = recording_now(state)
    if rec is None:
        return None
    return {"id": rec.id, "started_at": rec.started_at, "started_by_name": rec.started_by_name}


def ice_servers(config: Config) -> list[dict[str, Any]]:
    """STUN/TURN for browsers; TURN credentials are time-limited (coturn's use-auth-secret scheme)."""
    import base64
    import hashlib
    import time

    servers: list[dict[str, Any]] = []
    if config.stun_urls:
        servers.append({"urls": config.stun_urls})
    if config.turn_urls:
        entry: dict[str, Any] = {"urls": config.turn_urls}
        if config.turn_secret:
            username = f"{int(time.time()) + 12 * 3600}:peergroup"
            digest = hmac.new(config.turn_secret.encode(), username.encode(), hashlib.sha1).digest()
            entry.update(username=username, credential=base64.b64encode(digest).decode())
        servers.append(entry)
    return servers


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
