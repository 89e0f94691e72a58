"""The side-by-side fan-out benchmark, at a small scale: every system answers and nothing is lost.

Speed is never asserted here (the machine is shared); docs/benchmarks.md shows the figures.
"""

from __future__ import annotations

import pytest

from bench import fanout

pytestmark = pytest.mark.slow


def test_every_system_delivers_every_update_and_the_table_has_every_column(capsys: pytest.CaptureFixture[str]) -> None:
    rows = fanout.main(["--rates", "120", "--knee-steps", "0", "--seconds", "2", "--warmup", "0.5", "--workers", "1"])
    out = capsys.readouterr().out
    assert [r.system for r in rows] == list(fanout.SYSTEMS)
    for row in rows:
        assert not row.error, row
        assert row.expected > 0 and row.delivered == row.expected, row
        assert row.gaps == 0 and row.refused == 0, row
        assert row.p99_ms is not None and row.cpu_us is not None, row
    for column in ("p50 ms", "p99 ms", "max ms", "delivered/expected", "CPU µs/delivery", "load before→after", "knee"):
        assert column in out
    for system in fanout.SYSTEMS:
        assert f"| {system} |" in out
