"""Whiteboard basics in real browsers: pan and zoom by wheel and keyboard change only this
browser's view, a new note lands in the middle of what the person is looking at, the canvas follows
dark mode, and the export is on the board's own tab (facilitators)."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room, until

pytestmark = pytest.mark.slow

VIEW = "window.peergroup.board.view"


async def test_a_note_lands_in_the_middle_of_the_view_after_panning_and_zooming(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    page = bo.page
    await page.click("#tab-board")
    box = await page.locator(".board-svg").bounding_box()
    assert box is not None
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.mouse.wheel(600, 400)  # pan right and down
    await until(page, f"{VIEW}.x > 0 && {VIEW}.y > 0")
    await page.focus(".board-wrap")  # the keyboard pans and zooms the focused board
    await page.keyboard.press("+")  # zoom in around the middle
    view = await page.evaluate(VIEW)
    assert view["w"] < 1600
    await page.keyboard.down("Shift")
    await page.keyboard.press("ArrowRight")
    await page.keyboard.up("Shift")
    view = await page.evaluate(VIEW)
    await page.click("#board-note")
    await page.fill(".board-editor", "Seen where I look")
    await page.keyboard.press("Enter")
    await until(page, "window.peergroup.store.state.board.elements.some(e => e.text === 'Seen where I look')")
    note = await page.evaluate("window.peergroup.store.state.board.elements.find(e => e.text === 'Seen where I look')")
    centre = (note["x"] + note["w"] / 2, note["y"] + note["h"] / 2)
    assert view["x"] < centre[0] < view["x"] + view["w"] and view["y"] < centre[1] < view["y"] + view["h"]
    assert abs(centre[0] - (view["x"] + view["w"] / 2)) < 40 and abs(centre[1] - (view["y"] + view["h"] / 2)) < 40
    await bo.shot("board-note-in-view")
    # Only Bo's view moved; Ana still sees the whole board, with the note on it.
    await ana.page.click("#tab-board")
    assert (await ana.page.evaluate(VIEW))["x"] == 0
    await ana.page.locator(".sticky-text", has_text="Seen where I look").wait_for()
    assert await ana.page.is_visible("#board-export") and await page.is_hidden("#board-export")


async def test_the_canvas_follows_dark_mode(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    dark = await person(room["links"]["facilitator"], "Ana", scheme="dark")
    await dark.page.click("#tab-board")
    flt = await dark.page.evaluate("getComputedStyle(document.querySelector('.board-svg')).filter")
    assert "invert" in flt
    await dark.shot("board-dark")
