"""The facilitator's cockpit in real browsers: next actions on screen without scrolling on a laptop
and a phone, the "waiting to come in" notice with its chime, Admit from it, and the admitted badge."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow

#: what a facilitator reaches for every few minutes (the cockpit's own buttons)
NEXT_ACTIONS = ["#cockpit-next-speaker", "#cockpit-hands", "#cockpit-pause", "#cockpit-extend", "#cockpit-next-step"]

ON_SCREEN = """(el) => {
  if (el.closest('[hidden]')) return false;
  const r = el.getBoundingClientRect();
  return window.scrollY === 0 && r.width > 0 && r.top >= 0 && r.left >= 0
    && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}"""


async def on_screen(p: Person, selector: str) -> bool:
    return bool(await p.page.locator(selector).first.evaluate(ON_SCREEN))


async def start_an_agenda(ana: Person) -> None:
    await ana.page.select_option("#template", "aar")
    await ana.page.click("text=Load template")
    await ana.page.click("#cockpit-start")
    await ana.page.wait_for_selector("#cockpit-pause")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
async def test_the_next_actions_are_on_screen_without_scrolling_with_an_agenda_running(
    web_server: ServerProcess, person: Open, viewport: dict[str, int]
) -> None:
    room = await new_room(web_server.url, lobby=True)
    ana = await person(room["links"]["facilitator"], "Ana", viewport=viewport)
    await start_an_agenda(ana)
    bo = await person(room["links"]["participant"], "Bo", join=False)
    await bo.page.fill("#name", "Bo")
    await bo.page.check("#coc-accept")
    await bo.page.click("#join-button")
    await ana.page.locator("#lobby-notice", has_text="1 waiting to come in").wait_for()
    for selector in [*NEXT_ACTIONS, "#lobby-notice button:has-text('Admit')", "#lobby-notice button:has-text('Deny')"]:
        assert await on_screen(ana, selector), f"{selector} is not on screen at {viewport}"
    await ana.page.click("#lobby-notice button:has-text('Admit')")
    await bo.page.wait_for_selector("#screen-room", state="visible")
    await bo.page.click("#btn-hand")
    await ana.page.locator("#cockpit-hands", has_text="1 Bo").wait_for()
    assert await on_screen(ana, "#cockpit-next-speaker")
    assert await ana.page.is_enabled("#cockpit-next-speaker")
    # The two timers are labelled: nobody mistakes the turn's for the step's.
    assert (await ana.page.text_content("#cockpit-phase-timer") or "").startswith("Step: ")
    await ana.page.click("#cockpit-next-speaker")
    await ana.page.locator("#cockpit-turn-timer", has_text="Turn:").wait_for()
    assert await on_screen(ana, "#cockpit-turn-timer") and await on_screen(ana, "#cockpit-phase-timer")
    await ana.page.click("#cockpit-pause")
    await ana.page.wait_for_selector("#cockpit-resume")
    assert await on_screen(ana, "#cockpit-resume")
    await ana.shot(f"cockpit-{viewport['width']}x{viewport['height']}")
    # A participant has no cockpit.
    assert await bo.page.is_hidden("#cockpit")
    # To the end: once the agenda is finished, ending the session is on screen; then the record.
    await ana.page.click("#cockpit-resume")
    agenda = "window.peergroup.store.state.agenda"
    for _ in range(10):
        if await ana.page.evaluate(f"{agenda}.status") == "finished":
            break
        index = await ana.page.evaluate(f"{agenda}.index")
        await ana.page.click("#cockpit-next-step")
        await until(ana.page, f"{agenda}.index !== {index} || {agenda}.status === 'finished'")
    await ana.page.wait_for_selector("#cockpit-end-session")
    assert await on_screen(ana, "#cockpit-end-session")
    await ana.page.click("#cockpit-end-session")
    await ana.page.click("#confirm-yes")
    await ana.page.wait_for_selector("#cockpit-record")
    assert await on_screen(ana, "#cockpit-record")


async def test_a_knock_shows_a_notice_with_a_chime_and_admit_from_it_lets_them_in_as_connected(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, lobby=True)
    ana = await person(room["links"]["facilitator"], "Ana")
    assert await ana.page.is_hidden("#lobby-notice")
    people = []
    for name in ("Bo", "Cy"):
        p = await person(room["links"]["participant"], name, join=False)
        await p.page.fill("#name", name)
        await p.page.check("#coc-accept")
        await p.page.click("#join-button")
        await p.page.wait_for_selector("#screen-lobby", state="visible")
        people.append(p)
    bo, cy = people
    notice = ana.page.locator("#lobby-notice")
    await notice.filter(has_text="2 waiting to come in").wait_for()
    assert await notice.locator(".knocker-name").all_text_contents() == ["Bo", "Cy"]
    assert await until(ana.page, "window.peergroup.cockpit.beeps === 2")  # one chime per knock
    await ana.shot("lobby-notice")
    await notice.get_by_role("button", name="Admit Bo").click()
    await bo.page.wait_for_selector("#screen-room", state="visible")
    # The admitted member's badge says where they are now, not "In the lobby".
    await bo.page.locator("#conn-status", has_text="Connected").wait_for()
    await notice.filter(has_text="1 waiting to come in").wait_for()
    await notice.get_by_role("button", name="Deny Cy").click()
    await cy.page.wait_for_selector("#screen-ended", state="visible")
    await ana.page.wait_for_selector("#lobby-notice", state="hidden")
