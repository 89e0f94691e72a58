"""A stock Node socket.io client that follows docs/protocol.md works against the server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

from tests.conftest import InProcessServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("stock_node_client.cjs")


async def test_a_stock_node_socketio_client_can_run_the_whole_join_flow(server: InProcessServer) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required (the README's set-up needs it too)"
    env = {**os.environ, "NODE_PATH": str(ROOT / "web" / "node_modules")}
    proc = await asyncio.create_subprocess_exec(
        node, str(SCRIPT), server.url, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    checks = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    failed = [c for c in checks if not c["ok"]]
    assert proc.returncode == 0 and not failed and len(checks) == 11, (failed, err.decode()[-2000:])
