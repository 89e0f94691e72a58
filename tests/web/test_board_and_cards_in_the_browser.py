"""The whiteboard and the reflection board in real browsers: strokes, cards and votes reach everyone."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow


async def draw(p: Person, points: list[tuple[float, float]]) -> None:
    """Drag the mouse through `points` (fractions of the board's size) with the button held."""
    box = await p.page.locator(".board-svg").bounding_box()
    assert box is not None
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    await p.page.mouse.move(*xy[0])
    await p.page.mouse.down()
    for x, y in xy[1:]:
        await p.page.mouse.move(x, y, steps=4)
    await p.page.mouse.up()


async def test_a_stroke_drawn_in_one_browser_appears_in_the_others(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    for p in (ana, bo, cy):
        await p.page.click("#tab-board")
    await draw(bo, [(0.2, 0.3), (0.3, 0.35), (0.4, 0.5), (0.5, 0.45)])
    for p in (ana, bo, cy):
        await until(p.page, "window.peergroup.store.state.board.elements.some(e => e.kind === 'stroke')")
        assert await p.page.locator(".board-svg g.el path").count() == 1
    # A sticky note with text, from the keyboard shortcut for the tool.
    await cy.page.keyboard.press("8")
    box = await cy.page.locator(".board-svg").bounding_box()
    assert box is not None
    await cy.page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.2)
    await cy.page.fill(".board-editor", "Handover was late")
    await cy.page.keyboard.press("Enter")
    for p in (ana, bo):
        await p.page.locator(".sticky-text", has_text="Handover was late").wait_for()
    # Select and move: Ana drags Cy's note to the right; everyone sees it there.
    x0 = await bo.page.evaluate("window.peergroup.store.state.board.elements.find(e => e.kind === 'sticky').x")
    await ana.page.keyboard.press("1")
    note = ana.page.locator(".sticky-text", has_text="Handover was late")
    nb = await note.bounding_box()
    assert nb is not None
    await ana.page.mouse.move(nb["x"] + 20, nb["y"] + 20)
    await ana.page.mouse.down()
    await ana.page.mouse.move(nb["x"] + 120, nb["y"] + 40, steps=5)
    await ana.page.mouse.up()
    await until(bo.page, f"window.peergroup.store.state.board.elements.find(e => e.kind === 'sticky').x > {x0} + 50")
    # Undo takes back the drawer's own change, everywhere.
    await bo.page.click("text=Undo")
    await until(ana.page, "!window.peergroup.store.state.board.elements.some(e => e.kind === 'stroke')")
    await bo.page.click("text=Redo")
    await until(cy.page, "window.peergroup.store.state.board.elements.some(e => e.kind === 'stroke')")
    # Without a pointer: a note from the keyboard, and the board's texts listed for screen readers.
    await bo.page.focus("#board-note")
    await bo.page.keyboard.press("Enter")
    await bo.page.keyboard.type("Typed without a mouse")
    await bo.page.keyboard.press("Enter")
    for p in (ana, cy):
        await p.page.locator("#board-texts li", has_text="Note: Typed without a mouse").wait_for(state="attached")
    await ana.shot("whiteboard")


async def test_a_card_written_shows_up_everywhere_and_votes_count(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    for p in (ana, bo, cy):
        await p.page.click("#tab-reflections")
    await bo.page.fill("#card-text", "We shipped late because the handover was unclear")
    await bo.page.click("#card-submit")
    for p in (ana, bo, cy):
        await p.page.locator(".refl-card", has_text="handover was unclear").wait_for()
    assert "You" in (await bo.page.text_content(".refl-card .card-author") or "")
    assert "Bo" in (await cy.page.text_content(".refl-card .card-author") or "")

    # Anonymous from now on: nobody, facilitator included, sees who wrote the next card.
    await ana.page.check("#anon-toggle")
    await cy.page.locator(".badge.anon").wait_for()
    await cy.page.fill("#card-text", "I did not feel heard")
    await cy.page.click("#card-submit")
    card = ana.page.locator(".refl-card", has_text="not feel heard")
    await card.wait_for()
    assert (await card.locator(".card-author").text_content()) == "Anonymous"

    await ana.page.click("#btn-open-voting")
    await bo.page.locator(".dots-left", has_text="3 of 3 dots left").wait_for()
    await bo.page.locator(".refl-card", has_text="not feel heard").locator("button.vote").click()
    await cy.page.locator(".refl-card", has_text="not feel heard").locator("button.vote").click()
    for p in (ana, bo, cy):
        await p.page.locator(".refl-card", has_text="not feel heard").locator(".votes", has_text="● 2").wait_for()
    await bo.page.locator(".dots-left", has_text="2 of 3 dots left").wait_for()

    await ana.page.fill("#action-text", "Write the handover checklist")
    await ana.page.fill("#action-owner", "Bo")
    await ana.page.click(".action-form button")
    await cy.page.locator(".action-item", has_text="handover checklist").wait_for()
    # The facilitator exports the session record: the cards are in it, the anonymous one without a name.
    async with ana.page.expect_download() as info:
        await ana.page.click("text=Export record (Markdown)")
    download = await info.value
    path = await download.path()
    record = path.read_text()
    assert "I did not feel heard" in record and "handover checklist" in record
    await ana.shot("reflections-facilitator")
    await bo.shot("reflections-participant")


async def test_a_card_is_edited_and_removed_through_in_page_dialogs_not_browser_prompts(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    for p in (ana, bo):
        await p.page.click("#tab-reflections")
    await bo.page.fill("#card-text", "The handover was late")
    await bo.page.click("#card-submit")
    # Bo edits his card: the dialog starts from its text; Enter saves.
    await bo.page.locator(".refl-card", has_text="handover was late").get_by_role("button", name="Edit").click()
    assert await bo.page.input_value("#confirm-input") == "The handover was late"
    await bo.page.fill("#confirm-input", "The handover was two days late")
    await bo.page.keyboard.press("Enter")
    await ana.page.locator(".refl-card", has_text="two days late").wait_for()
    # Ana removes it with a reason; Escape first says no.
    remove = ana.page.get_by_role("button", name="Remove this card under the code of conduct")
    await remove.click()
    await ana.page.keyboard.press("Escape")
    await ana.page.wait_for_selector("#confirm", state="detached")
    assert await ana.page.locator(".refl-card").count() == 1
    await remove.click()
    await ana.page.locator("#confirm-text", has_text="Reason").wait_for()
    await ana.page.fill("#confirm-input", "Names a colleague")
    await ana.page.click("#confirm-yes")
    await bo.page.locator("#toasts", has_text="Names a colleague").wait_for()
    await until(bo.page, "document.querySelectorAll('.refl-card').length === 0")
    assert ana.dialogs == [] and bo.dialogs == []
