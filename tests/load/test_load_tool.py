"""The load tool against real servers: it finds every seq, it notices loss, its thresholds bite."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, ServerProcess


async def peergroup(*args: str) -> tuple[int, str]:
    """`peergroup ARGS` as an operator runs it: exit status and output."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server", *args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, output.decode()


async def load(url: str, tmp_path: Path, *args: str, name: str = "report") -> tuple[int, dict[str, Any], str]:
    """`peergroup load` against `url`: its exit status, JSON report and output."""
    out = tmp_path / f"{name}.json"
    code, text = await peergroup("load", "--url", url, "--quiet", "--report-json", str(out), *args)
    assert out.exists(), text
    return code, json.loads(out.read_text()), text


SHORT = ["--rooms", "3", "--peers", "4", "--duration", "3", "--ramp", "40", "--rate", "2", "--drain", "5"]


async def test_a_short_run_finds_every_seq_delivered_to_every_member(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    server_process.start()
    await server_process.ready()
    code, report, output = await load(
        server_process.url,
        tmp_path,
        *SHORT,
        "--workers",
        "2",
        "--slo",
        "lost=0,missing_at_end=0,completeness=1,errors=0",
    )
    assert code == 0, output
    totals = report["totals"]
    assert totals["joined"] == 12
    assert totals["commands_sent"] > 0
    assert totals["acks_ok"] == totals["commands_sent"]
    assert report["delivery"] == {
        "delivered": totals["deliveries"],
        "lost": 0,
        "gaps": 0,
        "duplicates": 0,
        "missing_at_end": 0,
        "completeness": 1.0,
    }
    # Every acknowledged command's event reached the 3 other members of its room, each timed.
    assert report["latency"]["fanout"]["count"] == totals["acks_ok"] * 3
    assert len(report["workers"]) == 2


async def test_a_server_that_drops_deliveries_is_reported_as_loss(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", module=["tests.load.lossy_server", "40"])
    server.start()
    try:
        await server.ready()
        code, report, output = await load(server.url, tmp_path, *SHORT, "--slo", "lost=0")
    finally:
        server.kill()
    assert code == 1, output
    assert report["delivery"]["lost"] >= 1
    assert report["delivery"]["gaps"] >= 1
    assert report["delivery"]["completeness"] < 1.0
    assert report["slo"] == [
        {"name": "lost", "limit": 0.0, "rule": "<=", "value": report["delivery"]["lost"], "ok": False}
    ]
    assert "threshold missed" in output


async def test_a_missed_latency_threshold_exits_non_zero_and_the_reports_say_which(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    server_process.start()
    await server_process.ready()
    html = tmp_path / "report.html"
    code, report, output = await load(
        server_process.url,
        tmp_path,
        *SHORT,
        "--slo",
        "fanout_p99_ms=0.001",
        "--slo",
        "lost=0",
        "--report-html",
        str(html),
    )
    assert code == 1, output
    verdicts = {s["name"]: s["ok"] for s in report["slo"]}
    assert verdicts == {"fanout_p99_ms": False, "lost": True}
    page = html.read_text()
    assert "fanout_p99_ms" in page and "<svg" in page
    assert "<script src" not in page and "http://" not in page.replace(server_process.url, "")


async def test_reports_from_several_hosts_merge_into_one(server_process: ServerProcess, tmp_path: Path) -> None:
    server_process.start()
    await server_process.ready()
    short = ["--rooms", "2", "--peers", "3", "--duration", "2", "--ramp", "40"]
    _, a, _ = await load(server_process.url, tmp_path, *short, name="a")
    _, b, _ = await load(server_process.url, tmp_path, *short, "--seed", "2", name="b")
    merged = tmp_path / "merged.json"
    code, output = await peergroup(
        "load",
        "merge",
        str(tmp_path / "a.json"),
        str(tmp_path / "b.json"),
        "--report-json",
        str(merged),
        "--slo",
        "lost=0",
    )
    assert code == 0, output
    m = json.loads(merged.read_text())
    assert m["config"]["rooms"] == 4
    assert m["totals"]["deliveries"] == a["totals"]["deliveries"] + b["totals"]["deliveries"]
    for name in ("join", "ack", "fanout"):
        assert m["latency"][name]["count"] == a["latency"][name]["count"] + b["latency"][name]["count"]
        assert m["latency"][name]["max"] == max(a["latency"][name]["max"], b["latency"][name]["max"])


async def test_a_run_that_reaches_no_server_fails_instead_of_passing_its_thresholds(tmp_path: Path) -> None:
    code, report, output = await load(
        "http://127.0.0.1:9", tmp_path, "--rooms", "2", "--peers", "3", "--duration", "1", "--slo", "fanout_p99_ms=25"
    )
    assert code == 1, output
    assert report["problems"] == [
        "only 0 of 2 rooms could be created (see errors)",
        "no member joined: nothing was measured",
    ]
    assert report["errors"] == {"create_room:ClientConnectorError": 2}
