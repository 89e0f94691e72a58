"""Screen sharing in real browsers (Chromium's fake capture): a participant's share shown large and
named in another browser, stopped by the facilitator for everyone (the sharer stops capturing), and
a room where a facilitator allows each share."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow

PLAYING = "(() => { const v = document.querySelector('#screen-video'); return v && v.videoWidth > 0 && !v.paused; })()"


async def shares(p: Person) -> None:
    await p.page.click("#btn-share")
    await p.page.locator("#screen-caption", has_text="You are sharing your screen").wait_for()


async def test_a_participants_share_is_seen_large_elsewhere_and_the_facilitator_stops_it(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    for p in (ana, bo, cy):
        await until(p.page, "document.querySelectorAll('#tiles .tile').length === 3")
    await shares(bo)
    for p in (ana, cy):
        await p.page.locator("#screen-caption", has_text="Bo is sharing their screen").wait_for()
        await until(p.page, PLAYING, timeout=30)
        width = await p.page.evaluate("document.querySelector('#screen-video').getBoundingClientRect().width")
        tile = await p.page.evaluate("document.querySelector('#tiles .tile').getBoundingClientRect().width")
        assert width > 2 * tile  # shown large, the tiles a strip beside it
    # Bo's camera is still on his tile, apart from the share.
    bo_id = await bo.member_id()
    camera = ana.page.locator(f"#tiles .tile[data-member-id='{bo_id}'] video")
    assert await camera.evaluate("v => v.videoWidth > 0")
    # One share at a time.
    assert await cy.page.is_disabled("#btn-share")
    await ana.shot("screen-share-seen")
    await bo.shot("screen-share-sharer")

    await ana.page.click("#btn-stop-share")
    for p in (ana, bo, cy):
        await p.page.wait_for_selector("#screen-share", state="hidden")
    await until(bo.page, "window.peergroup.screen.capture === null")
    await until(bo.page, "document.querySelector('#live-assertive').textContent.includes('stopped your screen share')")
    assert await cy.page.is_enabled("#btn-share")


async def test_in_a_room_sharing_on_request_a_facilitator_allows_the_participant_who_asks(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    await ana.page.select_option("#share-policy", "on_request")
    await bo.page.locator("#btn-share", has_text="Ask to share").wait_for()
    await bo.page.click("#btn-share")
    await bo.page.locator("#btn-share", has_text="Asked to share").wait_for()
    assert await bo.page.is_disabled("#btn-share")
    await ana.page.get_by_role("button", name="Allow Bo to share").click()
    await bo.page.locator("#btn-share", has_text="Share screen").wait_for()
    await shares(bo)
    await ana.page.locator("#screen-caption", has_text="Bo is sharing their screen").wait_for()
    await until(ana.page, PLAYING, timeout=30)
    # Bo stops it himself; the next share needs asking again.
    await bo.page.click("#btn-share")
    await ana.page.wait_for_selector("#screen-share", state="hidden")
    await bo.page.locator("#btn-share", has_text="Ask to share").wait_for()
