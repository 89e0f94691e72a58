"""`peergroup`: serve a node (and, as their features land, load-test and export)."""

from __future__ import annotations

import argparse
import logging
import sys

from server.config import add_serve_arguments, from_args


def serve(ns: argparse.Namespace) -> int:
    from aiohttp import web

    from server.app import Node

    config = from_args(ns)
    logging.basicConfig(
        level=getattr(logging, config.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    node = Node(config)
    mode = f"cluster via {config.redis_url}" if config.redis_url else f"single node, data in {config.data_dir}"
    print(f"peergroup {mode}: open {config.base_url()}/ to create a room", flush=True)
    web.run_app(node.app, host=config.host, port=config.port, print=None, shutdown_timeout=5)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="peergroup", description="Facilitated peer-learning groups, in real time.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="run a node (alone, or in a cluster with --redis-url)")
    add_serve_arguments(p_serve)
    p_serve.set_defaults(func=serve)
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
