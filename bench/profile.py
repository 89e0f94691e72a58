"""Where a server's time goes: a py-spy raw (collapsed stacks) profile summed by package and by function.

    python -m bench.profile FILE.txt [--top 25]

A frame is attributed to the innermost frame of the stack ("self" time), and each stack once to
every package it passes through ("total" time), so framing vs scheduling vs rules is one glance.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

PACKAGES = (
    ("engineio", "engine.io"),
    ("socketio", "socket.io"),
    ("aiohttp", "aiohttp (HTTP, WebSocket frames)"),
    ("uvloop", "uvloop (event loop)"),
    ("asyncio", "asyncio (tasks, futures, queues)"),
    ("msgpack", "msgpack"),
    ("msgspec", "msgspec"),
    ("redis", "redis client"),
    ("sqlite", "SQLite log"),
    ("/rooms/", "rooms (decide, apply)"),
    ("/server/", "server (peergroup plumbing)"),
)


def package_of(frame: str) -> str | None:
    for needle, name in PACKAGES:
        if needle in frame:
            return name
    return None


def summarise(path: Path, top: int = 25) -> str:
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = [f for f in stack.split(";") if not f.startswith("process ") and not f.startswith("thread ")]
        if not frames:
            continue
        own[re.sub(r"\s+", " ", frames[-1])] += n
        for pkg in {p for p in map(package_of, frames) if p}:
            total[pkg] += n
    lines = [f"{samples} samples", "", "| package (anywhere on the stack) | share |", "|---|---|"]
    lines += [f"| {pkg} | {100 * n / samples:.0f}% |" for pkg, n in total.most_common()]
    lines += ["", "| function (self time) | share |", "|---|---|"]
    lines += [f"| `{fn}` | {100 * n / samples:.1f}% |" for fn, n in own.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("file", type=Path)
    p.add_argument("--top", type=int, default=25)
    ns = p.parse_args()
    print(summarise(ns.file, ns.top))


if __name__ == "__main__":
    main()
