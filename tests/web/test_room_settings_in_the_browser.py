"""Room settings changed in the browser during the session (not only at creation): the facilitator
turns the lobby on and the next newcomer knocks, makes the agenda wait between steps, and a refused
change (fewer seats than people) springs back with the reason; participants see no settings."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room, until

pytestmark = pytest.mark.slow


async def test_a_facilitator_changes_the_room_settings_during_the_session(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, capacity=8)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    page = ana.page
    assert await bo.page.locator("#room-settings input").count() == 0
    assert not await page.is_checked("#setting-lobby")

    await page.check("#setting-lobby")
    await until(bo.page, "window.peergroup.store.state.settings.lobby === true")
    cy = await person(room["links"]["participant"], "Cy", join=False)
    await cy.page.fill("#name", "Cy")
    await cy.page.check("#coc-accept")
    await cy.page.click("#join-button")
    await cy.page.wait_for_selector("#screen-lobby", state="visible")
    await page.get_by_role("button", name="Admit Cy").click()
    await cy.page.wait_for_selector("#screen-room", state="visible")

    # Waiting between steps: the agenda editor says so.
    await page.check("#setting-wait")
    await page.click("#btn-edit-agenda")
    await page.wait_for_selector("#agenda-wait-note", state="visible")
    await page.click("#agenda-editor-close")

    # More seats is fine; fewer than the three people here is refused and the field shows 12 again.
    await page.fill("#setting-capacity", "12")
    await page.press("#setting-capacity", "Enter")
    await until(page, "window.peergroup.store.state.settings.capacity === 12")
    await page.fill("#setting-capacity", "2")
    await page.press("#setting-capacity", "Enter")
    await page.locator("#toasts", has_text="3 people are in the room now").wait_for()
    await until(page, "document.querySelector('#setting-capacity').value === '12'")
    assert await until(cy.page, "window.peergroup.store.state.settings.wait_between_phases === true")
    await page.locator("#room-settings").scroll_into_view_if_needed()
    await ana.shot("room-settings")
    for p in (ana, bo, cy):
        assert p.errors == []
