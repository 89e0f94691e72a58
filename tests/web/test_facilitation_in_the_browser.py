"""Facilitation in real browsers: the hand queue in one order everywhere, turns and the agenda clock."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow


async def hand_names(p: Person) -> list[str]:
    names = await p.page.locator("#hands .hand-name").all_text_contents()
    return [n.removesuffix(" (you)") for n in names]


async def test_hands_raised_in_two_browsers_show_in_the_same_order_in_all_three(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    await bo.page.click("#btn-hand")
    await bo.page.wait_for_selector("#hands .hand")
    await cy.page.keyboard.press("h")  # the keyboard shortcut
    for p in (ana, bo, cy):
        await until(p.page, "document.querySelectorAll('#hands .hand').length === 2")
        assert await hand_names(p) == ["Bo", "Cy"]
    assert await bo.page.get_attribute("#btn-hand", "aria-pressed") == "true"
    # Waiting times are shown as text.
    assert "waiting" in (await ana.page.text_content("#hands .hand-wait") or "")
    await ana.shot("hands-facilitator")
    await cy.shot("hands-participant")

    # The facilitator gives the floor to the first hand with a time box: the countdown runs everywhere.
    await ana.page.click("#btn-call-next")
    firsts = {}
    for p in (ana, bo, cy):
        await p.page.wait_for_selector("#turn-timer:has-text('left')")
        firsts[p.name] = await p.page.text_content("#turn-timer")
        assert await hand_names(p) == ["Cy"]
    assert "You have the floor" in (await bo.page.text_content(".speaker-name") or "")
    for p in (ana, bo, cy):
        await until(p.page, f"document.querySelector('#turn-timer').textContent !== {firsts[p.name]!r}", timeout=5)
    await until(bo.page, "document.querySelector('#live-assertive').textContent.startsWith('Your turn')")
    await until(cy.page, "document.querySelector('#live-polite').textContent === 'Bo has the floor'")
    await ana.shot("turn-countdown-facilitator")
    await bo.page.click("text=I'm done")
    await ana.page.wait_for_selector(".speaker >> text=Nobody has the floor")


async def test_the_agenda_clock_runs_in_every_browser(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    await ana.page.select_option("#template", "aar")
    await ana.page.click("text=Load template")
    await bo.page.wait_for_selector("#agenda-panel .step")
    await ana.page.click("#btn-agenda-start")
    firsts = {}
    for p in (ana, bo):
        await p.page.wait_for_selector("#phase-timer:not(:empty)")
        firsts[p.name] = await p.page.text_content("#phase-timer")
        assert await p.page.text_content("#agenda-panel .phase-title")
    for p in (ana, bo):
        await until(p.page, f"document.querySelector('#phase-timer').textContent !== {firsts[p.name]!r}", timeout=5)
    await bo.page.click("#btn-ready")
    await ana.page.wait_for_selector("#agenda-panel >> text=1 of 2 ready")
    await ana.page.click("#btn-agenda-pause")
    await bo.page.wait_for_selector("#phase-timer.paused")
    await ana.shot("agenda-facilitator")
    await bo.shot("agenda-participant")


async def test_airtime_is_for_facilitators_until_they_show_it_and_ending_the_session_reaches_all(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    await bo.page.click("#btn-hand")
    await ana.page.locator("#hands .hand", has_text="Bo").wait_for()
    await ana.page.click("#btn-call-next")
    await ana.page.locator("#airtime-panel .airtime-row", has_text="Bo").wait_for()
    assert await bo.page.is_hidden("#airtime-panel")
    await ana.page.check("#airtime-everyone")
    await bo.page.locator("#airtime-panel .airtime-row", has_text="Bo").wait_for()
    await ana.shot("airtime-facilitator")
    await ana.page.click("#btn-end-session")
    await ana.page.click("#confirm-yes")  # an in-page confirmation, not the browser's dialog
    for p in (ana, bo):
        await p.page.wait_for_selector("#ended-banner", state="visible")
        await p.page.wait_for_selector(".speaker >> text=Nobody has the floor")
    await bo.shot("session-ended")


async def test_a_check_in_round_from_the_template_passes_the_stick_to_everyone(
    web_server: ServerProcess, light_person: Open
) -> None:
    person = light_person  # a round is about the floor, not the cameras: the tiny one costs next to nothing
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    await ana.page.select_option("#template", "check-in")
    await ana.page.click("text=Load template")
    await ana.page.click("#btn-agenda-start")
    for p in (ana, bo, cy):
        await p.page.locator(".stick-order .stick-item").first.wait_for()
        assert await p.page.locator(".stick-item").all_text_contents() != []
    first = await ana.page.evaluate("window.peergroup.store.state.floor.stick.order[0]")
    speaker, other = (bo, cy) if first == await bo.member_id() else (cy, bo)
    await speaker.page.wait_for_selector(".speaker-card >> text=You have the floor")
    await other.page.wait_for_selector("#stage-timer:has-text('left')")
    await ana.shot("check-in-round")
    await speaker.page.click(".speaker-card >> text=I'm done")
    await other.page.wait_for_selector(".speaker-card >> text=You have the floor")
    await other.page.click(".speaker-card >> text=Pass")
    for p in (ana, bo, cy):
        await until(p.page, "window.peergroup.store.state.floor.stick === null")
        await p.page.wait_for_selector(".speaker >> text=Nobody has the floor")
