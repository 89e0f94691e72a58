"""A stock python-socketio relay (aiohttp, default manager, msgpack): the room relay of bench/relay.cjs.

python bench/stock_relay.py PORT
"""

from __future__ import annotations

import sys
from typing import Any

import socketio
from aiohttp import web


def serve(port: int) -> None:
    """`join-room`, then every `server-broadcast` goes to the others in the room, as in excalidraw-room."""
    sio = socketio.AsyncServer(async_mode="aiohttp", serializer="msgpack", ping_interval=5, ping_timeout=5)
    app = web.Application()
    sio.attach(app)

    @sio.on("join-room")  # type: ignore[untyped-decorator]
    async def join_room(sid: str, room: str) -> bool:
        await sio.enter_room(sid, room)
        return True

    @sio.on("server-broadcast")  # type: ignore[untyped-decorator]
    async def broadcast(sid: str, room: str, data: Any) -> None:
        await sio.emit("client-broadcast", data, room=room, skip_sid=sid)

    async def readyz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/readyz", readyz)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
