"""Audio and video between real browsers, and coming back by itself after the server restarts."""

from __future__ import annotations

import signal

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room, until

pytestmark = pytest.mark.slow

STATS = "window.peergroup.mesh.stats()"


async def test_two_browsers_connect_and_receive_each_others_audio(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    bo_id, ana_id = await bo.member_id(), await ana.member_id()
    for me, other in ((ana, bo_id), (bo, ana_id)):
        await until(me.page, f"{STATS}.then(s => s[{other!r}]?.state === 'connected' && s[{other!r}].audioBytes > 0)")
    first = (await ana.page.evaluate(STATS))[bo_id]
    # Bytes keep flowing: more audio arrives after the first look.
    later = await until(ana.page, f"{STATS}.then(s => s[{bo_id!r}].audioBytes > {first['audioBytes']} && s[{bo_id!r}])")
    assert later["state"] == "connected"
    assert later["audioBytes"] > first["audioBytes"] and later["videoBytes"] > 0
    # The other's video plays in its tile.
    await until(
        ana.page, f"document.querySelector('.tile[data-member-id=\"{bo_id}\"] video').videoWidth > 0", timeout=10
    )
    await ana.shot("media-two-browsers")


async def test_the_facilitator_asks_a_participant_to_mute(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    assert await bo.page.evaluate("window.peergroup.local.audioOn")
    await ana.page.locator("#people .person", has_text="Bo").get_by_role("button", name="Ask Bo to mute").click()
    await until(bo.page, "!window.peergroup.local.audioOn")
    assert await bo.page.get_attribute("#btn-mic", "aria-pressed") == "false"
    await until(bo.page, "document.querySelector('#live-assertive').textContent.includes('asked you')")
    # Bo's tile shows muted in Ana's browser (media state is relayed).
    await ana.page.locator(".tile", has_text="Bo").locator(".tile-status", has_text="muted").wait_for()


async def test_a_browser_rejoins_by_itself_after_the_server_restarts(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    bo_id = await bo.member_id()
    web_server.kill(signal.SIGKILL)
    await bo.page.wait_for_selector("#banner", state="visible")
    assert "Reconnecting" in (await bo.page.text_content("#banner") or "")
    await bo.shot("reconnecting-banner")
    web_server.start()
    await web_server.ready()
    for p in (ana, bo):
        await p.page.wait_for_selector("#banner", state="hidden", timeout=20000)
        assert await p.page.text_content("#conn-status") == "Connected"
    assert await bo.member_id() == bo_id  # the same member, not a newcomer
    # The room is live again: what the facilitator does now reaches the participant.
    await ana.page.click("#btn-lock")
    await bo.page.wait_for_selector("#lock-badge", state="visible")
    names = await bo.page.locator("#people .person-name").all_text_contents()
    assert sorted(n.removesuffix(" (you)") for n in names) == ["Ana", "Bo"]
