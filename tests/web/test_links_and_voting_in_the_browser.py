"""Links and pages, and voting without nudging, in real browsers: an empty title explained, one room
however often "Create" is clicked, an invitation to copy for each role, a friendly page for a bad
link; vote totals hidden until voting closes, and "+ dot" disabled at a card's cap."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room, until

pytestmark = pytest.mark.slow


async def test_the_create_form_explains_an_empty_title_makes_one_room_and_copies_invitations(
    web_server: ServerProcess, person: Open
) -> None:
    home = await person(web_server.url + "/", "Ana", join=False)
    page = home.page
    await home.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web_server.url)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/api/rooms" in r.url else None)
    await page.click("#create-button")
    await page.wait_for_selector("#title-error", state="visible")
    assert await page.get_attribute("#title", "aria-invalid") == "true"
    assert posts == []
    await page.fill("#title", "Friday AAR")
    await page.dblclick("#create-button")  # an impatient double click
    await page.wait_for_selector("#links .link-row")
    await page.click("#create-button", force=True, no_wait_after=True)
    await page.wait_for_timeout(300)
    assert len(posts) == 1
    await page.get_by_role("button", name="Copy invitation for Participants").click()
    text = await page.evaluate("navigator.clipboard.readText()")
    assert text.startswith('You are invited to "Friday AAR" on peergroup.') and "/r/" in text and "#t=" in text
    await page.get_by_role("button", name="Copy invitation for Co-facilitator").click()
    assert "as a co-facilitator" in await page.evaluate("navigator.clipboard.readText()")
    await home.shot("home-invitations")


async def test_a_bad_link_shows_what_happened_and_what_to_do(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    broken = room["links"]["participant"].split("#t=")[0] + "#t=not-a-token"
    p = await person(broken, "Bo", join=False)
    await p.page.wait_for_selector("#screen-ended", state="visible")
    assert await p.page.text_content("#ended-title") == "This link is incomplete or was changed"
    text = await p.page.text_content("#ended-text") or ""
    assert "Copy the whole link" in text and "segments" not in text
    await p.shot("bad-link")


async def test_vote_totals_stay_hidden_until_voting_closes_and_a_cards_cap_disables_its_dot(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, vote_totals_hidden=True)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    await ana.page.evaluate("window.peergroup.send('write_card', {prompt: '', text: 'Ship smaller'})")
    await ana.page.evaluate("window.peergroup.send('open_voting', {budget: 3, per_card: 2})")
    for p in (ana, bo):
        await p.page.click("#tab-reflections")
    await bo.page.locator(".refl-card", has_text="Ship smaller").locator("button.vote").click()
    await bo.page.locator(".refl-card .mine", has_text="your dots: 1").wait_for()
    await bo.page.locator(".refl-card button.vote").click()
    await bo.page.locator(".refl-card .mine", has_text="your dots: 2").wait_for()
    assert await bo.page.is_disabled(".refl-card button.vote")  # at most 2 on one card
    for p in (ana, bo):
        await p.page.locator(".refl-card .votes", has_text="dots hidden until voting closes").wait_for()
        assert await until(p.page, "window.peergroup.store.state.reflections.cards[0].votes === null")
    await ana.shot("votes-hidden")
    await ana.page.evaluate("window.peergroup.send('close_voting')")
    for p in (ana, bo):
        await p.page.locator(".refl-card .votes", has_text="● 2").wait_for()
