"""The session scenario speaks today's protocol: a whole agenda cycle runs with nothing refused."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ServerProcess
from tests.load.test_load_tool import load


async def test_a_compressed_session_runs_every_part_of_the_agenda_with_nothing_refused(
    server_process: ServerProcess, tmp_path: Path
) -> None:
    server_process.start()
    await server_process.ready()
    # --rate 6 compresses one agenda cycle (check-in, discussion, writing and votes, whiteboard) to ~17 s.
    code, report, output = await load(
        server_process.url,
        tmp_path,
        *("--scenario", "session", "--rooms", "2", "--peers", "4", "--duration", "18", "--rate", "6"),
        *("--ramp", "50", "--slo", "errors=0,lost=0"),
    )
    assert code == 0, output
    sent = report["sent_by_command"]
    for command in (
        "start_agenda",
        "start_stick_round",
        "finish_turn",
        "raise_hand",
        "call_next",
        "write_card",
        "cast_vote",
        "move_cursor",
        "preview_stroke",
        "add_element",
    ):
        assert sent.get(command, 0) > 0, (command, sent)
    assert report["totals"]["refused"] == 0
    # Every cursor reached the 3 other members and was timed.
    assert report["latency"]["relay"]["count"] >= sent["move_cursor"] * 3
    assert report["delivery"]["completeness"] == 1.0
