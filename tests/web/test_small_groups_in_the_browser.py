"""Small groups in real Chromium: six browsers run 1-2-4-All. In the pairs phase each browser hears
only its group (inbound audio grows on its partners' links and on no one else's), each group draws
on its own page, the facilitator calls them back from the overview, and every browser shows each
group's harvest. A triad's roles rotate on the phase timer and each browser shows its new role.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, async_playwright

from tests.conftest import ServerProcess
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, STATS, Open, Person, new_room, until

pytestmark = pytest.mark.slow

SPACES = "window.peergroup.store.state.spaces"
#: six Chromiums on a 2-core machine shared with others: page actions may take long, never forever
PATIENCE_MS = 120_000


def tiny_camera(path: Path) -> Path:
    """A one-frame 32x24 grey video for Chromium's fake camera: six browsers' 30 links then cost
    next to nothing to encode, and the call is measured by its audio anyway."""
    width, height = 32, 24
    frame = bytes([128]) * (width * height * 3 // 2)  # I420: luma, then both chroma planes
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F1:1 Ip A1:1 C420jpeg\n".encode() + b"FRAME\n" + frame)
    return path


@pytest.fixture
async def light_browser(chromium: str, tmp_path: Path) -> AsyncIterator[Browser]:
    """Chromium whose fake camera is tiny (tests/web/conftest.py's flags otherwise)."""
    camera = tiny_camera(tmp_path / "camera.y4m")
    async with async_playwright() as pw:
        b = await pw.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={camera}"]
        )
        yield b
        await b.close()


async def join(browser: Browser, link: str, name: str) -> Person:
    """One more browser (its own context: its own person) that opens `link` and joins as `name`."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, permissions=["camera", "microphone"])
    context.set_default_timeout(PATIENCE_MS)
    page = await context.new_page()
    p = Person(context, page, name)
    await page.goto(link)
    await page.wait_for_selector("#join-form", state="visible")
    await page.fill("#name", name)
    if await page.is_visible("#coc-accept"):
        await page.check("#coc-accept")
    await page.click("#join-button")
    await page.wait_for_selector("#screen-room", state="visible")
    return p


async def send(p: Person, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Send a command from this browser; on a loaded machine its socket may be reconnecting: retry then."""
    for _ in range(10):
        ack: dict[str, Any] = await p.page.evaluate("([e, d]) => window.peergroup.conn.send(e, d)", [event, data or {}])
        if ack["ok"] or ack["error"]["code"] not in ("not_joined", "timeout"):
            break
        await asyncio.sleep(1)
    assert ack["ok"], (event, ack)
    return ack


async def mates(p: Person) -> tuple[str, list[str]]:
    """This browser's space and the other members in it."""
    return tuple(  # type: ignore[return-value]
        await p.page.evaluate(
            f"""(() => {{ const s = {SPACES}; const me = window.peergroup.conn.me.id;
            const g = s.open.find((o) => o.id === s.mine);
            return [s.mine, g ? g.members.filter((id) => id !== me) : []]; }})()"""
        )
    )


async def audio_bytes(p: Person) -> dict[str, int]:
    stats = await p.page.evaluate(STATS)
    return {peer: s["audioBytes"] for peer, s in stats.items()}


async def test_six_browsers_run_1_2_4_all_each_pair_hears_only_itself_and_the_harvest_comes_back(
    web_server: ServerProcess, light_browser: Browser
) -> None:
    browser = light_browser
    room = await new_room(web_server.url, title="1-2-4-All", template="1-2-4-all")
    fay = await join(browser, room["links"]["facilitator"], "Fay")
    people = [await join(browser, room["links"]["participant"], f"P{i + 1}") for i in range(5)]
    everyone = [fay, *people]
    ids = {p.name: await p.member_id() for p in everyone}
    for p in everyone:  # cameras off: six browsers encode 30 video streams otherwise; audio is what is measured
        await p.page.evaluate("window.peergroup.local.toggle('video', false)")
    await send(fay, "set_return_timing", {"warnings": [60, 10], "grace": 3})
    await send(fay, "start_agenda")
    await send(fay, "skip_phase")  # "1: alone" done: on to "2: in pairs"
    for p in everyone:
        await until(p.page, f"{SPACES}.open.length === 2")
    # The pairs' clock waits while the test measures: on a loaded machine the links may take longer
    # to connect than the phase's two minutes (its groups would change under the measurement).
    await send(fay, "pause_agenda")
    groups = {p.name: await mates(p) for p in people}
    assert {space for space, _ in groups.values()} == {"s1", "s2"}
    assert all(len(others) in (1, 2) for _, others in groups.values())  # five make a pair and a trio

    # Each browser hears its group and no one else: audio grows only on its group mates' links.
    for p in people:
        _, others = groups[p.name]
        connected = f"{STATS}.then(s => {others!r}.every(id => s[id]?.state === 'connected' && s[id].audioBytes > 0))"
        await until(p.page, connected, timeout=180)
    await asyncio.sleep(2)  # packets already on their way when the links were suspended arrive
    before = {p.name: await audio_bytes(p) for p in people}
    await asyncio.sleep(3)
    for p in people:
        after = await audio_bytes(p)
        _, others = groups[p.name]
        grew = {peer for peer, n in after.items() if n > before[p.name].get(peer, 0)}
        assert grew == set(others), (p.name, grew, others)

    # Each group draws on its own page and writes its note.
    for p in people:
        space, _ = groups[p.name]
        sticky = {
            "id": f"n-{ids[p.name]}",
            "kind": "sticky",
            "x": 40,
            "y": 40,
            "w": 140,
            "h": 90,
            "text": f"{p.name} in {space}",
        }
        await send(p, "add_element", {"element": sticky})
    for p in people:
        space, others = groups[p.name]
        names = {o.name for o in people if ids[o.name] in others} | {p.name}
        texts = f"{SPACES} && window.peergroup.store.state.board.elements.map(e => e.text).sort()"
        expected = sorted(f"{n} in {space}" for n in names)
        await until(p.page, f"JSON.stringify({texts}) === {json.dumps(json.dumps(expected, separators=(',', ':')))}")
    first = next(p for p in people if groups[p.name][0] == "s1")
    second = next(p for p in people if groups[p.name][0] == "s2")
    await send(first, "write_group_note", {"note": "Pairs: listening beats fixing"})
    await send(second, "write_group_note", {"note": "Trio: ask one more question"})
    await first.page.click("#tab-board")
    await first.shot("small-groups-own-board-page")
    await until(fay.page, "document.querySelectorAll('#groups-overview .group-card').length === 2")
    await fay.shot("small-groups-facilitator-overview")

    # The facilitator calls everyone back from the overview; the foursomes start from the harvest.
    await send(fay, "resume_agenda")
    await fay.page.click("#btn-call-back")
    for p in everyone:
        await until(p.page, "document.querySelectorAll('#harvests .harvest-item').length === 2", timeout=15)
        text = await p.page.text_content("#harvests") or ""
        assert "Pairs: listening beats fixing" in text and "Trio: ask one more question" in text
        assert "P1 in s1" in text or "P1 in s2" in text  # each group's board page comes back with it
    await people[0].shot("small-groups-harvest")
    assert all(not p.errors for p in everyone), [p.errors for p in everyone]


TRIAD = """
[[phases]]
id = "triads"
title = "Coaching in triads"
mode = "pairs"
group_size = 3
roles = ["speaker", "coach", "observer"]
rotate_seconds = 15
seconds = 60

[[phases]]
id = "harvest"
title = "What did we learn?"
seconds = 60
"""


async def test_a_triad_rotates_roles_and_each_browser_shows_its_new_role(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, title="Triad")
    fay = await person(room["links"]["facilitator"], "Fay")
    trio = [await person(room["links"]["participant"], name) for name in ("Sam", "Cole", "Obi")]
    await send(fay, "load_template", {"toml": TRIAD})
    await send(fay, "start_agenda")
    # What each browser shows, with the rotation its state is at, read together (no race with the clock).
    shown = """(() => [document.querySelector('#my-group-role')?.textContent,
        window.peergroup.store.state.agenda.rotation])()"""
    cycle = ["speaker", "coach", "observer"]
    start = [await until(p.page, f"(() => {{ const v = {shown}; return v[0] && v; }})()") for p in trio]
    for j, (text, rotation) in enumerate(start):
        assert text == f"You are the {cycle[(j + rotation) % 3]}", (j, text, rotation)
    await trio[1].shot("small-groups-triad-roles")
    # On the phase timer the roles go round: the speaker coaches, the coach observes, the observer speaks.
    for j, (p, (_, rotation)) in enumerate(zip(trio, start, strict=True)):
        later = await until(p.page, f"(() => {{ const v = {shown}; return v[1] > {rotation} && v; }})()", timeout=30)
        assert later[0] == f"You are the {cycle[(j + later[1]) % 3]}", (j, later)
