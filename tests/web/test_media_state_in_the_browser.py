"""Media state that tells the truth, in real browsers: a refused camera and microphone explained in
words with how to fix it (Chromium refusing them), slashed icons and "muted at Ana's request" after
a request to mute, and the buttons that need the server inert while the connection is down."""

from __future__ import annotations

import pytest
from playwright.async_api import async_playwright

from tests.conftest import ServerProcess
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, Open, Person, new_room, until

pytestmark = pytest.mark.slow

#: Chromium's own permission prompt, answering "Block" for camera and microphone
DENYING = [a if a != "--use-fake-ui-for-media-stream" else "--use-fake-ui-for-media-stream=deny" for a in CHROMIUM_ARGS]


async def test_a_refused_camera_and_microphone_are_explained_with_how_to_fix_them(
    web_server: ServerProcess, chromium: str
) -> None:
    room = await new_room(web_server.url)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=DENYING)
        page = await (await browser.new_context(viewport={"width": 1280, "height": 800})).new_page()
        p = Person(page.context, page, "Bo")
        await page.goto(room["links"]["participant"])
        error = page.locator("#media-error")
        await error.filter(has_text="camera is blocked for this page").wait_for()
        text = await error.text_content() or ""
        assert "microphone is blocked" in text and "allow the camera" in text and "reload the page" in text
        # Not clipped: the whole sentence is inside the page, below the preview.
        box = await error.bounding_box()
        assert box is not None and box["height"] > 20
        assert await page.text_content("#pre-cam") == "No camera" and await page.is_disabled("#pre-cam")
        assert await page.text_content("#pre-mic") == "No mic"
        await p.shot("media-refused-prejoin")
        await page.fill("#name", "Bo")
        await page.check("#coc-accept")
        await page.click("#join-button")
        await page.wait_for_selector("#screen-room", state="visible")
        assert await page.text_content("#btn-cam .label") == "No camera" and await page.is_disabled("#btn-cam")
        assert await page.text_content("#btn-mic .label") == "No mic" and await page.is_disabled("#btn-mic")
        assert await page.is_visible("#btn-cam .slash")
        assert "allow the camera" in (await page.text_content("#media-problem") or "")
        assert "blocked" in (await page.get_attribute("#btn-cam", "title") or "")
        await p.shot("media-refused-room")
        await browser.close()


async def test_a_request_to_mute_is_clear_to_the_person_and_on_their_tile(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    assert await bo.page.is_hidden("#btn-mic .slash")
    await ana.page.locator("#people .person", has_text="Bo").get_by_role("button", name="Ask to mute: Bo").click()
    await bo.page.locator("#btn-mic .label", has_text="Unmute (asked)").wait_for()
    assert await bo.page.is_visible("#btn-mic .slash")
    assert "Ana asked you to mute" in (await bo.page.text_content("#media-problem") or "")
    bo_id = await bo.member_id()
    status = f"#tiles .tile[data-member-id='{bo_id}'] .tile-status"
    await bo.page.locator(status, has_text="muted at Ana's request").wait_for()
    await ana.page.locator(status, has_text="muted").wait_for()
    await bo.shot("muted-by-request")
    await bo.page.click("#btn-mic")
    await bo.page.wait_for_selector("#media-problem", state="hidden")
    assert await bo.page.text_content("#btn-mic .label") == "Mute"


async def test_buttons_that_need_the_server_are_inert_while_the_connection_is_down(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    assert not await ana.page.evaluate("document.querySelector('#btn-hand').inert")
    web_server.kill()
    await ana.page.wait_for_selector("#banner", state="visible")
    for selector in ("#btn-hand", "#btn-chat", "#btn-react", "#btn-share", "#cockpit", "#sidebar"):
        assert await until(ana.page, f"document.querySelector('{selector}').inert === true")
    assert await ana.page.is_enabled("#btn-mic")  # the microphone is this browser's, not the server's
    await ana.shot("disconnected-controls")
