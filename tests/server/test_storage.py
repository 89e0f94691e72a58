"""A data directory that is read-only or full: one clear line at start, no broken secret, /readyz honest.

These need a real read-only or full file system: a small tmpfs mounted for the test, which needs root
(chmod does not stop root). Without it they skip and say why.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.client import Client
from tests.conftest import ROOT, SECRET, ServerProcess, create_room, free_port


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        reason = "needs root to mount a tmpfs (chmod cannot make a directory read-only for root)"
        print(f"\nskipped: {reason}")
        pytest.skip(reason)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here: {done.stderr.strip()}"
        print(f"\nskipped: {reason}")
        pytest.skip(reason)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the file system is full; the file, to delete for room again."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    return filler


def start(data_dir: Path, secret: bool = True) -> subprocess.CompletedProcess[str]:
    """`peergroup serve` expected to refuse to start; its exit status and output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERGROUP_")}
    if secret:
        env["PEERGROUP_SECRET"] = SECRET
    args = [sys.executable, "-m", "server", "serve", "--port", str(free_port()), "--data-dir", str(data_dir)]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("secret", [True, False], ids=["secret-given", "secret-generated"])
def test_a_read_only_data_dir_ends_the_start_in_one_line_naming_the_path_and_cause(
    tmp_path: Path, secret: bool
) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=64k") as disk:
        done = start(disk / "data", secret=secret)
    lines = (done.stdout + done.stderr).strip().splitlines()
    print(f"\nexit {done.returncode}: {lines}")
    assert done.returncode == 2 and len(lines) == 1, lines
    assert str(disk / "data") in lines[0] or str(disk) in lines[0]
    assert "Read-only file system" in lines[0] and "Traceback" not in done.stderr


def test_a_full_disk_ends_the_start_in_one_line_and_leaves_no_broken_secret(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "size=256k") as disk:
        (disk / "data").mkdir()
        filler = fill(disk)
        done = start(disk / "data", secret=False)
        lines = (done.stdout + done.stderr).strip().splitlines()
        print(f"\nexit {done.returncode}: {lines}")
        assert done.returncode == 2 and len(lines) == 1 and "No space left on device" in lines[0], lines
        assert not (disk / "data" / "secret").exists()
        # An empty secret left by an earlier version's failed start does not block the next one.
        filler.unlink()
        (disk / "data" / "secret").write_text("")
        from server.config import Config

        made = Config(data_dir=disk / "data").token_secret()
        assert len(made) >= 32 and (disk / "data" / "secret").read_text() == made


async def status_of(url: str) -> int:
    async with aiohttp.ClientSession() as s, s.get(f"{url}/readyz") as r:
        return r.status


async def test_readyz_is_not_ready_while_the_log_cannot_write_and_ready_again_after(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "size=4m") as disk:
        node = ServerProcess(disk / "data")
        node.log_path = tmp_path / "server.log"
        node.start()
        try:
            await node.ready()
            room = await create_room(node.url)
            c = Client(node.url)
            await c.connect(room["tokens"]["facilitator"])
            assert (await c.join("Fay"))["ok"]
            filler = fill(disk)
            codes = []
            for i in range(50):
                ack = await c.call("rename", {"name": f"Fay {i}" + "x" * 30})
                codes.append("ok" if ack["ok"] else ack["error"]["code"])
                if codes[-1] != "ok":
                    break
            assert codes[-1] == "unavailable", codes
            assert await status_of(node.url) == 503
            filler.unlink()
            for _ in range(100):
                if await status_of(node.url) == 200:
                    break
                await asyncio.sleep(0.1)
            assert await status_of(node.url) == 200
            assert (await c.call("rename", {"name": "Fay again"}))["ok"]
            print(f"\nfull disk: {len(codes) - 1} commands accepted, then {codes[-1]}; /readyz 503, then 200")
            await c.close()
        finally:
            node.kill()
