"""The session record's formats: golden Markdown and CSV, escaping of what people typed, the board
as SVG and JSON, and no anonymous author anywhere in any of them."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from rooms import Role, RoomState
from rooms.board import commands as b
from rooms.board.state import Element, ElementKind
from rooms.membership.commands import Leave
from rooms.reflections import commands as r
from server import cli
from server.log.sqlite import SqliteLog
from server.record.build import board_json, build_record
from server.record.export import FORMATS
from server.record.render import md, to_csv, to_markdown, word
from server.record.svg import board_svg
from tests.rooms.shared_room import T0, room_with, run

GOLDEN = Path(__file__).parent / "golden"
P = Role.PARTICIPANT


def retro() -> RoomState:
    """A small After Action Review, fully scripted, with named, anonymous and hidden cards."""
    s = room_with(fac=Role.FACILITATOR, ana=P, ben=P, cy=P)
    run(s, r.SetReflectionPrompts(actor="fac", prompts=["What went well?", "What was hard?"]))
    run(s, r.WriteCard(actor="ana", prompt="What went well?", text="Pairing on the *release* <b>script</b>"), T0 + 1)
    run(s, r.SetAnonymous(actor="fac", anonymous=True))
    run(s, r.WriteCard(actor="cy", prompt="What was hard?", text='=HYPERLINK("x") I felt rushed'), T0 + 2)
    run(s, r.WriteCard(actor="cy", prompt="What was hard?", text="Two lines:\nhandover # late"), T0 + 3)
    run(s, r.SetAnonymous(actor="fac", anonymous=False))
    run(s, r.SetCardsHidden(actor="fac", hidden=True))
    run(s, r.WriteCard(actor="ben", prompt="What went well?", text="never revealed"), T0 + 4)
    run(s, r.CreateGroup(actor="ana", name="Handover"))
    run(s, r.MoveCard(actor="ana", card_id="c2", group_id="g5"))
    run(s, r.MoveCard(actor="ana", card_id="c3", group_id="g5"))
    run(s, r.SetGroupNote(actor="fac", group_id="g5", note="Agree it a day earlier"))
    run(s, r.OpenVoting(actor="fac", budget=3, per_card=2))
    for voter, card in (("ana", "c2"), ("ben", "c2"), ("ben", "c1"), ("fac", "c3")):
        run(s, r.CastVote(actor=voter, card_id=card))
    run(s, r.CloseVoting(actor="fac"))
    run(s, r.AddActionItem(actor="ana", text="Write the handover checklist", owner="Ana", due="2026-12-01"))
    run(s, r.AddActionItem(actor="fac", text="-1 meetings per week", owner="Ben"))
    run(
        s,
        b.AddElement(
            actor="ana",
            element=Element(
                id="n1",
                kind=ElementKind.STICKY,
                x=0,
                y=0,
                w=100,
                h=80,
                text="</text><script>alert(1)</script>",
                color="#ffd43b",
            ),
        ),
    )
    run(
        s,
        b.AddElement(
            actor="ben", element=Element(id="a1", kind=ElementKind.ARROW, x=10, y=10, points=[(0.0, 0.0), (50.0, 20.0)])
        ),
    )
    run(
        s,
        b.AddElement(
            actor="ben",
            element=Element(id="k1", kind=ElementKind.STROKE, points=[(1.0, 2.0), (3.0, 4.0)], pressure=[0.2, 0.8]),
        ),
    )
    run(s, Leave(actor="ana"))  # left before the export: still named on her named card
    return s


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PEERGROUP_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; PEERGROUP_UPDATE_GOLDEN=1 rewrites it"


def test_the_markdown_record_matches_the_golden_file() -> None:
    golden("record.md", to_markdown(build_record(retro(), T0 + 3600)))


def test_the_csv_record_matches_the_golden_file() -> None:
    golden("record.csv", to_csv(build_record(retro(), T0 + 3600)))


def test_no_export_names_the_author_of_an_anonymous_card() -> None:
    s = retro()
    assert {c.author for c in s.reflections.cards.values() if c.anonymous} == {"cy"}
    outputs = {fmt: render(s, T0) for fmt, render in FORMATS.items()}
    for fmt, text in outputs.items():
        # neither cy's name nor id appears anywhere (exports name people, never by member id)
        assert "Cy" not in text and not re.search(r"\bcy\b", text), fmt
    record = build_record(s, T0 + 3600)
    for card in record["reflections"]["cards"]:
        if card["anonymous"]:
            assert card["author"] is None
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert {row["author"] for row in rows if row["section"] == "card"} == {"Ana", "(anonymous)"}


def test_cards_never_revealed_are_counted_but_not_exported() -> None:
    s = retro()
    for text in FORMATS["md"](s, T0), FORMATS["json"](s, T0), FORMATS["csv"](s, T0):
        assert "never revealed" not in text.replace("was never revealed", "").replace("were never revealed", "")
    assert build_record(s, T0 + 3600)["reflections"]["unrevealed_cards"] == 1


def test_spreadsheet_formulas_in_cards_are_defused_in_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(build_record(retro(), T0 + 3600)))))
    texts = [row["text"] for row in rows]
    assert '\'=HYPERLINK("x") I felt rushed' in texts
    assert "'-1 meetings per week" in texts


def test_markdown_keeps_typed_markup_as_text() -> None:
    text = to_markdown(build_record(retro(), T0 + 3600))
    assert "<b>" not in text and "&lt;b&gt;script&lt;/b&gt;" in text
    assert "\\*release\\*" in text


def test_markdown_prose_reads_as_typed_and_only_markup_is_escaped() -> None:
    assert md("1-2-4-All, step 2. Use snake_case (or not)!") == "1-2-4-All, step 2. Use snake_case (or not)!"
    assert md("# not a title") == "\\# not a title"
    assert md("- not a list") == "\\- not a list"
    assert md("1. not a list") == "1\\. not a list"
    assert md("_not emphasis_ and *not bold* or [a](link)") == "\\_not emphasis\\_ and \\*not bold\\* or \\[a\\](link)"
    assert word(True) == "yes" and word(False) == "no" and word(6.0) == "6" and word(0.5) == "0.5"
    assert word("talking_stick") == "talking stick"


def test_the_board_exports_as_well_formed_svg_with_text_escaped() -> None:
    svg = board_svg(retro().board)
    root = ET.fromstring(svg)
    tags = [child.tag.split("}")[1] for child in root]
    assert tags == ["defs", "rect", "rect", "text", "line", "path"]
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert root.find("{http://www.w3.org/2000/svg}line").get("marker-end") == "url(#arrow)"  # type: ignore[union-attr]


def test_an_empty_board_is_a_blank_drawing() -> None:
    root = ET.fromstring(board_svg(RoomState(room_id="x").board))
    assert root.get("viewBox") == "0 0 800 600"


def test_the_board_json_lists_elements_in_drawing_order_without_authors() -> None:
    data = board_json(retro())
    assert [e["id"] for e in data["elements"]] == ["n1", "a1", "k1"]
    assert all("by" not in e for e in data["elements"])


def test_the_agenda_as_it_ran_and_airtime_show_as_tables_and_csv_rows() -> None:
    record = build_record(retro(), T0)
    record["agenda"] = [
        {"phase": "What was supposed to happen?", "mode": "talking_stick", "planned_minutes": 6.0, "status": "done"},
        {"phase": "What actually happened?", "mode": "talking_stick", "planned_minutes": 6.0, "status": "under way"},
    ]
    record["airtime"] = [{"name": "Ana", "seconds": 70, "share": 0.7, "equal_share": 0.5}]
    text = to_markdown(record)
    assert "| phase | mode | planned minutes | status |" in text
    assert "| What actually happened? | talking stick | 6 | under way |" in text
    assert "| Ana | 70 | 0.7 | 0.5 |" in text
    rows = list(csv.DictReader(io.StringIO(to_csv(record))))
    assert [(r["section"], r["text"], r["minutes"]) for r in rows[:2]] == [
        ("phase", "What was supposed to happen?", "6.0"),
        ("phase", "What actually happened?", "6.0"),
    ]
    assert (rows[2]["section"], rows[2]["author"], rows[2]["seconds"], rows[2]["share"]) == (
        "airtime",
        "Ana",
        "70",
        "0.7",
    )


def test_peergroup_export_writes_the_record_from_a_data_directory(tmp_path: Path) -> None:
    state = retro()

    async def store() -> None:
        log = SqliteLog(tmp_path / "rooms.sqlite3")
        await log.save_snapshot(state.room_id, state)
        await log.close()

    asyncio.run(store())
    out = tmp_path / "record.md"
    assert cli.main(["export", state.room_id, "--format", "md", "--data-dir", str(tmp_path), "-o", str(out)]) == 0
    expected = (GOLDEN / "record.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").split("\n", 3)[3] == expected.split("\n", 3)[3]  # all but the export time
    assert cli.main(["export", "no-such-room", "--data-dir", str(tmp_path)]) == 1
    assert cli.main(["export", state.room_id, "--data-dir", str(tmp_path / "empty")]) == 1
