"""Bad settings end `peergroup serve` with one line saying what is wrong, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.client import Client
from tests.conftest import ROOT, SECRET, ServerProcess, create_room


def serve(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PEERGROUP_")}
    cmd = [sys.executable, "-m", "server", "serve", "--data-dir", str(tmp_path / "data"), *args]
    return subprocess.run(cmd, cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        ((), {"PEERGROUP_PORT": "abc"}, "PEERGROUP_PORT='abc' is not a whole number"),
        ((), {"PEERGROUP_COMMANDS_PER_SECOND": "fast"}, "PEERGROUP_COMMANDS_PER_SECOND='fast' is not a number"),
        (("--secret", "too-short"), {}, "at least 32 characters"),
        ((), {"PEERGROUP_SECRET": "short"}, "at least 32 characters"),
        (("--bogus-flag",), {}, "unrecognized arguments: --bogus-flag"),
        (("--port", "70000"), {}, "port 70000 is not between 1 and 65535"),
        (("--log-format", "xml"), {}, "invalid choice: 'xml'"),
    ],
)
def test_a_bad_setting_gives_one_line_and_exit_status_2(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], says: str
) -> None:
    done = serve(tmp_path, *args, **env)
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, lines
    assert says in lines[0] and "Traceback" not in done.stderr, lines


async def test_json_log_lines_are_one_object_each(tmp_path: Path) -> None:
    node = ServerProcess(tmp_path / "data", extra=["--log-format", "json"])
    node.start()
    try:
        await node.ready()
        room = await create_room(node.url)
        c = Client(node.url)
        await c.connect(room["tokens"]["facilitator"])
        assert (await c.join("Fay"))["ok"]
        await c.close()
    finally:
        node.stop()
    lines = [line for line in node.log_path.read_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    assert records and all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert any(r["logger"] == "aiohttp.access" for r in records)
    assert SECRET not in node.log_path.read_text()
