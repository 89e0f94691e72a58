"""The HTML report: one self-contained file, plots drawn as inline SVG (no scripts, no CDN, works offline).

Plots are simple line charts generated here rather than with a plotting library: the ones that
write standalone HTML (plotly, bokeh) embed megabytes of JavaScript, and the report must open
from a CI artifact or an air-gapped host. Every text that came from outside (URLs, error codes,
messages) is escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from load.metrics import COUNTERS, LATENCIES

W, H = 820, 240
PAD_L, PAD_R, PAD_T, PAD_B = 60, 150, 16, 34
COLOURS = ["#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#9467bd", "#ff7f0e"]


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    for mag in range(-3, 9):
        for step in (1, 2, 2.5, 5):
            top = step * 10**mag
            if top >= v:
                return float(top)
    return v


def line_chart(title: str, unit: str, xs: list[int], lines: dict[str, list[float]]) -> str:
    """An SVG line chart: x in seconds, one polyline per named series."""
    if not xs:
        return ""
    x0, x1 = min(xs), max(max(xs), min(xs) + 1)
    top = _nice_max(max((max(v) for v in lines.values() if v), default=1.0))
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def px(x: float) -> float:
        return PAD_L + (x - x0) / (x1 - x0) * pw

    def py(y: float) -> float:
        return PAD_T + ph - min(y, top) / top * ph

    out = [f'<svg viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{escape(title)}">']
    for i in range(5):
        y = top * i / 4
        out.append(f'<line x1="{PAD_L}" x2="{PAD_L + pw}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{PAD_L - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    for i in range(6):
        x = x0 + (x1 - x0) * i / 5
        out.append(f'<text x="{px(x):.1f}" y="{H - PAD_B + 16}" text-anchor="middle">{x:.0f}s</text>')
    out.append(f'<text x="{PAD_L}" y="{H - 4}">{escape(unit)}</text>')
    for n, (name, ys) in enumerate(lines.items()):
        colour = COLOURS[n % len(COLOURS)]
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys, strict=False))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{pts}"/>')
        ly = PAD_T + 14 + 18 * n
        out.append(f'<rect x="{W - PAD_R + 12}" y="{ly - 9}" width="12" height="3" fill="{colour}"/>')
        out.append(f'<text x="{W - PAD_R + 30}" y="{ly - 4}">{escape(name)}</text>')
    out.append("</svg>")
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(out)}</figure>"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(report: dict[str, Any]) -> str:
    """The whole report as one HTML page."""
    series = report["series"]
    xs = [s["t"] for s in series]
    charts = []
    for name in ("fanout", "ack", "relay", "join", "loop_lag", "schedule_lag"):
        if not report["latency"][name]["count"]:
            continue
        lines = {stat: [s["latency"].get(name, {}).get(stat, 0.0) for s in series] for stat in ("p50", "p99", "max")}
        charts.append(line_chart(f"{name}: {LATENCIES[name]}", "ms per second of the run", xs, lines))
    rates = {
        "deliveries/s": [float(s["counts"].get("deliveries", 0)) for s in series],
        "commands/s": [float(s["counts"].get("commands_sent", 0)) for s in series],
        "relays received/s": [float(s["counts"].get("relays_received", 0)) for s in series],
    }
    charts.insert(0, line_chart("throughput", "per second", xs, {k: v for k, v in rates.items() if any(v)}))
    charts.insert(
        1, line_chart("connected members", "members", xs, {"connected": [float(s["connected"]) for s in series]})
    )
    cpu = {w: [float(s["cpu_percent"].get(w, 0.0)) for s in series] for w in report["workers"]}
    charts.append(line_chart("load tool CPU% per worker (its own overhead, not the server's)", "%", xs, cpu))

    lat_rows = []
    for name, s in report["latency"].items():
        steady = report.get("latency_steady", {}).get(name, {"count": 0})
        quiet = report.get("latency_quiet", {}).get(name, {"count": 0})
        for label, row in ((name, s), (f"{name}, steady", steady), (f"{name}, quiet", quiet)):
            if row["count"]:
                lat_rows.append([label, row["count"], row["p50"], row["p95"], row["p99"], row["p99_9"], row["max"]])
    slo = report.get("slo", [])
    verdict = "no thresholds given" if not slo else ("all thresholds held" if report.get("ok") else "THRESHOLD MISSED")
    cfg = report["config"]
    sections = [
        f"<h1>peergroup load: {escape(str(cfg.get('rooms')))} rooms x {escape(str(cfg.get('peers')))} peers, "
        f"{escape(str(cfg.get('scenario')))}</h1>",
        f'<p class="verdict {"bad" if slo and not report.get("ok") else "good"}">{escape(verdict)}</p>',
        f"<p>started {escape(report['started_at'])} on {escape(', '.join(report['hosts']))}; "
        f"{report['seconds']} s of data</p>",
    ]
    for problem in report.get("problems", []):
        sections.append(f'<p class="verdict bad">invalid run: {escape(problem)}</p>')
    if slo:
        sections.append("<h2>Thresholds</h2>")
        sections.append(
            _table(
                ["slo", "rule", "value", "verdict"],
                [[s["name"], f"{s['rule']} {s['limit']:g}", s["value"], "ok" if s["ok"] else "MISSED"] for s in slo],
            )
        )
    sections += [
        "<h2>Latency (ms)</h2>",
        "<p>whole run; <em>steady</em>: the seconds after the ramp; <em>quiet</em>: the steady seconds in which "
        f"the load tool's own loop lag p99 stayed under 5 ms ({report.get('quiet_seconds', {}).get('quiet', 0)} of "
        f"{report.get('quiet_seconds', {}).get('steady', 0)}), a filter for other load on a shared host.</p>",
        _table(["measure", "count", "p50", "p95", "p99", "p99.9", "max"], lat_rows),
        "<h2>Delivery</h2>",
        _table(["what", "value"], [[k, v] for k, v in report["delivery"].items()]),
        "<h2>Throughput</h2>",
        _table(["rate", "value"], [[k, v] for k, v in report["rates"].items()]),
        "<h2>Counters</h2>",
        _table(["counter", "value", "meaning"], [[k, report["totals"].get(k, 0), v] for k, v in COUNTERS.items()]),
        "<h2>The load tool's own overhead</h2>",
        _table(
            ["worker", "rooms", "cpu % mean", "cpu % max", "peak rss MB"],
            [
                [w, v["rooms"], v["cpu_percent_mean"], v["cpu_percent_max"], v["rss_mb"]]
                for w, v in report["workers"].items()
            ],
        ),
    ]
    if report.get("sent_by_command"):
        sections += [
            "<h2>Sent, by command</h2>",
            _table(["command", "sent"], list(map(list, report["sent_by_command"].items()))),
        ]
    if report["errors"]:
        sections += ["<h2>Errors by code</h2>", _table(["code", "count"], list(map(list, report["errors"].items())))]
    sections += ["<h2>Over time</h2>", *charts]
    sections += ["<h2>Configuration</h2>", f"<pre>{escape(json.dumps(cfg, indent=1))}</pre>"]
    return PAGE.format(body="\n".join(sections))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>peergroup load report</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 900px; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1em; }}
th, td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: right; }}
th:first-child, td:first-child, td:nth-child(3):last-child {{ text-align: left; }}
figure {{ margin: 1em 0; }} figcaption {{ font-weight: 600; }}
svg text {{ font-size: 11px; fill: #444; }}
.verdict {{ font-size: 1.2em; font-weight: 700; }} .bad {{ color: #b00; }} .good {{ color: #070; }}
</style></head><body>
{body}
</body></html>
"""
