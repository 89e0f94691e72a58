"""`peergroup load ...` and `peergroup load merge a.json b.json ...`.

Exit status: 0 when every --slo holds, 1 when one is missed or the run could not measure what was
asked (rooms not created, nobody joined), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from load.console import LiveView, final_tables
from load.report import Slo, apply_slos, merge
from load.scenarios import SCENARIOS


def seconds(text: str) -> float:
    """`90`, `90s`, `2m`, `1h` -> seconds."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*([smh]?)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use 90, 90s, 2m)")
    return float(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]]


def slo_list(values: list[str]) -> list[Slo]:
    return [Slo.parse(part) for v in values for part in v.split(",") if part.strip()]


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--slo",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="threshold; exit 1 when missed. Latencies: "
        "<join|ack|fanout|relay>[_steady|_quiet]_<p50|p95|p99|p99_9|max>_ms "
        "(at most, ms; _steady: only the seconds after the ramp; _quiet: only steady seconds in which the "
        "tool's own loop lag p99 stayed under 5 ms); lost, missing_at_end, duplicates, errors, join_failed, "
        "reconnects, skipped (at most); completeness (at least, 0..1). "
        "Repeat or comma-separate: --slo fanout_p99_ms=25,lost=0",
    )
    p.add_argument("--report-json", type=Path, help="write the JSON report (mergeable across hosts) here")
    p.add_argument("--report-html", type=Path, help="write a self-contained HTML report with latency plots here")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="peergroup load",
        description="Drive simulated rooms against one node or a cluster and report fan-out latency and loss. "
        "`peergroup load merge A.json B.json` merges reports from several hosts.",
    )
    p.add_argument("--url", required=True, help="server URL(s), comma-separated; members spread over all of them")
    p.add_argument("--rooms", type=int, default=10, help="rooms to create (default 10)")
    p.add_argument("--peers", type=int, default=6, help="members per room, facilitator included (default 6)")
    p.add_argument("--duration", type=seconds, default=30.0, help="steady run after the ramp: 90, 90s, 2m (default 30)")
    p.add_argument(
        "--scenario", default="chatter", choices=sorted(SCENARIOS), help="what the rooms do (default chatter)"
    )
    p.add_argument("--ramp", type=float, default=50.0, help="participants joining per second, open loop (default 50/s)")
    p.add_argument("--rate", type=float, default=1.0, help="each participant's pace, per second (default 1.0)")
    p.add_argument("--workers", type=int, default=1, help="load processes on this machine (default 1)")
    p.add_argument("--api-key", help="Bearer key for POST /api/rooms when the server requires one")
    p.add_argument("--seed", type=int, default=1, help="random seed of the plan (default 1)")
    p.add_argument("--drain", type=seconds, default=10.0, help="wait this long at the end for acks and events")
    p.add_argument("--quiet", action="store_true", help="no live display")
    p.add_argument(
        "--media",
        action="store_true",
        help="instead of room traffic: aiortc peers that negotiate with each room's listener and speak tones "
        "on a schedule; reports negotiation p50/p99 and measured vs sent speaking time",
    )
    p.add_argument("--media-mesh", action="store_true", help="with --media: the peers also connect to each other")
    add_output_arguments(p)
    return p


def merge_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="peergroup load merge",
        description="Merge JSON reports of one run from several hosts (histograms merge exactly).",
    )
    p.add_argument("reports", nargs="+", type=Path)
    add_output_arguments(p)
    return p


def finish(report: dict[str, Any], ns: argparse.Namespace, slos: list[Slo], console: Console) -> int:
    ok = apply_slos(report, slos)
    console.print(final_tables(report))
    if ns.report_json:
        ns.report_json.write_text(json.dumps(report, indent=1))
        console.print(f"JSON report: {ns.report_json}")
    if ns.report_html:
        from load.html_report import render

        ns.report_html.write_text(render(report))
        console.print(f"HTML report: {ns.report_html}")
    for problem in report["problems"]:
        console.print(f"[red]invalid run: {problem}[/red]")
    if not ok:
        console.print(
            "[red]threshold missed[/red]" if report["slo"] and not report["problems"] else "[red]failed[/red]"
        )
    return 0 if ok else 1


def run_main(argv: list[str]) -> int:
    from load.runner import RunConfig, run

    ns = parser().parse_args(argv)
    if ns.media:
        return media_main(ns)
    try:
        slos = slo_list(ns.slo)
    except ValueError as exc:
        parser().error(str(exc))
    config = RunConfig(
        urls=[u.strip().rstrip("/") for u in ns.url.split(",") if u.strip()],
        rooms=ns.rooms,
        peers=ns.peers,
        duration=ns.duration,
        scenario=ns.scenario,
        ramp=ns.ramp,
        workers=ns.workers,
        rate=ns.rate,
        seed=ns.seed,
        api_key=ns.api_key,
        drain=ns.drain,
    )
    console = Console(stderr=False)
    total = config.rooms * config.peers / config.ramp + config.duration
    if ns.quiet:
        agg = asyncio.run(run(config))
    else:
        with LiveView(console, total) as live:
            agg = asyncio.run(run(config, live.tick))
    return finish(agg.report(), ns, slos, console)


def media_main(ns: argparse.Namespace) -> int:
    """`--media`: exit 1 when a peer never connected or nothing it said was measured."""
    from load.media_run import MediaConfig, print_report, run_media

    cfg = MediaConfig(
        urls=[u.strip().rstrip("/") for u in ns.url.split(",") if u.strip()],
        rooms=ns.rooms,
        peers=ns.peers,
        duration=ns.duration,
        seed=ns.seed,
        mesh=ns.media_mesh,
        api_key=ns.api_key,
    )
    report = asyncio.run(run_media(cfg))
    print_report(report)
    if ns.report_json:
        ns.report_json.write_text(json.dumps(report, indent=1))
    return 0 if report["connected"] == report["speakers"] and report["measured_seconds"] > 0 else 1


def merge_main(argv: list[str]) -> int:
    ns = merge_parser().parse_args(argv)
    try:
        slos = slo_list(ns.slo)
    except ValueError as exc:
        merge_parser().error(str(exc))
    reports = [json.loads(p.read_text()) for p in ns.reports]
    return finish(merge(reports), ns, slos, Console())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "merge":
        return merge_main(args[1:])
    return run_main(args)
