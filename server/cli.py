"""`peergroup`: serve a node, export a room's record (and, as it lands, load-test)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any, NoReturn

from server.config import ConfigError, add_serve_arguments, from_args

#: seconds a thread holds the GIL before one waiting for it gets it (CPython's default is 0.005)
SWITCH_INTERVAL = 0.0005
#: the cyclic garbage collector's thresholds: young generations as CPython's defaults, the full
#: collection 100 times rarer. A full collection walks every live object (rooms, their boards and
#: undo histories, sockets) and pauses the loop for 100s of ms on a busy node: at the default it ran
#: every few seconds at 12,000 deliveries/s and was most of the p99 (docs/benchmarks.md). Young
#: collections still reclaim cycles among new objects; `peergroup_gc_pause_seconds` shows the pauses.
GC_THRESHOLDS = (700, 10, 1000)


def tune_gc(metrics: Any = None) -> None:
    """Freeze what start-up made (modules, classes, the app: never garbage, never walked again),
    set the thresholds, and time each collection into `metrics.gc_pause` if given."""
    import gc
    import time

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    if metrics is None:
        return
    started = [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            metrics.gc_pause.labels(str(info["generation"])).observe(time.perf_counter() - started[0])

    gc.callbacks.append(timed)


class Parser(argparse.ArgumentParser):
    """argparse, with a bad flag reported in one line (no usage block) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def serve(ns: argparse.Namespace) -> int:
    import uvloop
    from aiohttp import web

    from server.app import Node
    from server.http_guard import RedactingAccessLogger
    from server.logs import configure_logging
    from server.storage import StorageError, check_data_dir

    config = from_args(ns)
    configure_logging(config.log_level, config.log_format)
    # The log's writer thread (and aiortc's) must get the GIL back soon after each SQLite step or
    # fsync, not up to 5 ms later behind a busy event loop (docs/benchmarks.md, the convoy effect).
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        if not config.redis_url or not config.secret:
            check_data_dir(config.data_dir)
        node = Node(config)
    except StorageError as exc:
        raise ConfigError(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(f"cannot use the data directory {config.data_dir.resolve()}: {exc}") from None
    tune_gc(node.metrics)
    mode = f"cluster via {config.redis_url}" if config.redis_url else f"single node, data in {config.data_dir}"
    print(f"peergroup {mode}: open {config.base_url()}/ to create a room", flush=True)
    try:
        # uvloop: a drop-in event loop in C; the fan-out is mostly scheduling and socket writes
        web.run_app(
            node.app,
            host=config.host,
            port=config.port,
            print=None,
            shutdown_timeout=5,
            access_log_class=RedactingAccessLogger,
            loop=uvloop.new_event_loop(),
        )
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise ConfigError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from None
    return 0


def export(ns: argparse.Namespace) -> int:
    """Write a room's session record (or its board) to stdout or a file."""
    import asyncio
    from pathlib import Path

    from server.clock import SystemClock
    from server.record.export import FORMATS, NoSuchRoom, load_clustered_room, load_room

    try:
        if ns.redis_url:
            state = asyncio.run(load_clustered_room(ns.redis_url, ns.room))
        else:
            state = asyncio.run(load_room(Path(ns.data_dir), ns.room))
    except NoSuchRoom as exc:
        print(exc, file=sys.stderr)
        return 1
    text = FORMATS[ns.format](state, SystemClock().now())
    if ns.output:
        Path(ns.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except ConfigError as exc:  # bad settings or storage: one line, never a traceback
        print(f"peergroup: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    parser = Parser(prog="peergroup", description="Facilitated peer-learning groups, in real time.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    p_serve = sub.add_parser("serve", help="run a node (alone, or in a cluster with --redis-url)")
    add_serve_arguments(p_serve)
    p_serve.set_defaults(func=serve)
    p_export = sub.add_parser("export", help="write a room's session record (md, json, csv) or board (svg, board-json)")
    p_export.add_argument("room", help="the room id")
    p_export.add_argument("--format", choices=["md", "json", "csv", "svg", "board-json"], default="md")
    p_export.add_argument("--data-dir", default="data", help="the node's data directory (default: data)")
    p_export.add_argument(
        "--redis-url",
        default=os.environ.get("PEERGROUP_REDIS_URL"),
        help="read a clustered room from this Redis (its Stream) instead of a data directory (PEERGROUP_REDIS_URL)",
    )
    p_export.add_argument("--output", "-o", help="write to this file instead of stdout")
    p_export.set_defaults(func=export)
    sub.add_parser(
        "load",
        add_help=False,
        help="load-test a node or cluster: simulated rooms, fan-out latency and loss (peergroup load --help)",
    )
    ns, rest = parser.parse_known_args(argv)
    if ns.command == "load":
        from load.cli import main as load_main  # imported only when used: the server never needs it

        return load_main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    result: int = ns.func(ns)
    return result


if __name__ == "__main__":
    sys.exit(main())
