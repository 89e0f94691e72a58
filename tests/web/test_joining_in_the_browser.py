"""Joining from the browser: the pre-join screen, the room, the lobby, and names shown as text."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room, until

pytestmark = pytest.mark.slow


async def test_three_browsers_join_and_see_each_other(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    fac = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    for p in (fac, bo, cy):
        await until(p.page, "document.querySelectorAll('#tiles .tile').length === 3")
        names = await p.page.locator("#people .person-name").all_text_contents()
        assert sorted(n.removesuffix(" (you)") for n in names) == ["Ana", "Bo", "Cy"]
    assert await fac.page.is_visible("#facilitator-panel")
    assert not await bo.page.is_visible("#facilitator-panel")
    await fac.shot("room-facilitator")
    await bo.shot("room-participant")
    assert fac.errors == [] and bo.errors == [] and cy.errors == []
    # Nothing the page does needs more than its strict Content-Security-Policy allows.
    for p in (fac, bo, cy):
        assert not [line for line in p.console if "Content Security Policy" in line], p.console


async def test_a_name_with_markup_renders_as_text(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url, title="<b>bold</b> title")
    evil = "<img src=x onerror=alert(1)>"
    fac = await person(room["links"]["facilitator"], "Ana")
    mallory = await person(room["links"]["participant"], evil)
    for p in (fac, mallory):
        row = p.page.locator("#people .person", has_text="onerror")
        await row.wait_for()
        assert evil in await row.inner_text()
        assert await p.page.locator("#screen-room img").count() == 0
        assert await p.page.text_content("#room-title") == "<b>bold</b> title"
    # The same markup as a card, a sticky note and an action item: text everywhere, never an element.
    await mallory.page.click("#tab-reflections")
    await mallory.page.fill("#card-text", evil)
    await mallory.page.click("#card-submit")
    await mallory.page.fill("#action-text", evil)
    await mallory.page.click(".action-form button")
    sticky = {"id": "sk-evil", "kind": "sticky", "x": 50, "y": 50, "w": 200, "h": 150, "text": evil}
    ack = await mallory.page.evaluate("(e) => window.peergroup.conn.send('add_element', {element: e})", sticky)
    assert ack["ok"], ack
    await fac.page.click("#tab-reflections")
    await fac.page.locator(".refl-card .card-text", has_text="onerror").wait_for()
    await fac.page.locator(".action-item", has_text="onerror").wait_for()
    await fac.page.click("#tab-board")
    await fac.page.locator(".sticky-text", has_text="onerror").wait_for()
    for p in (fac, mallory):
        assert await p.page.locator("img").count() == 0
    assert fac.dialogs == [] and mallory.dialogs == []
    await fac.shot("xss-name-as-text")
