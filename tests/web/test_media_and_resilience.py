"""Audio and video between real browsers, and coming back by itself after the server restarts."""

from __future__ import annotations

import signal

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import STATS, Open, new_room, until

pytestmark = pytest.mark.slow


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
    await ana.page.locator("#people .person", has_text="Bo").get_by_role("button", name="Ask to mute: Bo").click()
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


async def test_speaking_camera_off_and_switching_the_microphone(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    bo_id = await bo.member_id()
    await until(ana.page, f"{STATS}.then(s => s[{bo_id!r}]?.audioBytes > 0)")
    tile = f'.tile[data-member-id="{bo_id}"]'
    # The fake microphone beeps: Ana's browser hears Bo speaking and rings his tile.
    await ana.page.wait_for_selector(f"{tile}.speaking", timeout=15000)
    # Camera off: Bo's tile shows his initial instead of video, in both browsers.
    await bo.page.click("#btn-cam")
    await ana.page.wait_for_selector(f"{tile}.cam-off")
    assert await bo.page.get_attribute("#btn-cam", "aria-pressed") == "false"
    await bo.page.click("#btn-cam")
    await ana.page.wait_for_selector(f"{tile}:not(.cam-off)")
    # Another microphone: the track is swapped on the live connection, and audio keeps coming.
    await bo.page.click("#btn-settings")
    options = await bo.page.locator("#audio-device option").evaluate_all("os => os.map(o => o.value)")
    assert len(options) >= 2, options
    before = await bo.page.evaluate("window.peergroup.local.audioTrack.id")
    await bo.page.select_option("#audio-device", options[-1])
    await until(bo.page, f"window.peergroup.local.audioTrack.id !== {before!r}")
    sent = f"window.peergroup.mesh.links.get({await ana.member_id()!r}).pc.getSenders().map(s => s.track?.id)"
    assert await bo.page.evaluate(f"{sent}.includes(window.peergroup.local.audioTrack.id)")
    first = (await ana.page.evaluate(STATS))[bo_id]["audioBytes"]
    await until(ana.page, f"{STATS}.then(s => s[{bo_id!r}].audioBytes > {first} + 2000)")
    await bo.shot("devices-panel")


#: in this page, the first answer it sends is lost on the way (as when the other's socket was
#: reconnecting): the relay has nobody to give it to
LOSE_FIRST_ANSWER = """(() => { const conn = window.peergroup.conn; const relay = conn.relay.bind(conn);
  window.__lost = 0;
  conn.relay = (event, data) => {
    if (event === 'signal' && data.kind === 'answer' && !window.__lost) { window.__lost += 1; return; }
    relay(event, data); }; })()"""


async def test_a_link_whose_answer_was_lost_connects_when_the_offer_is_sent_again(
    web_server: ServerProcess, person: Open
) -> None:
    """The caller's watchdog negotiates a link stuck on its offer again. It sends the same offer: a
    rolled-back offer's successor had its m-lines in another order than the one the other side had
    already answered, which refused it ("The order of m-lines in subsequent offer doesn't match"),
    and with the impolite side the caller the link never connected (six browsers' 1-2-4-All)."""
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    await ana.page.evaluate(LOSE_FIRST_ANSWER)
    bo = await person(room["links"]["participant"], "Bo")  # the later one calls
    bo_id, ana_id = await bo.member_id(), await ana.member_id()
    await until(ana.page, "window.__lost === 1")
    for me, other in ((ana, bo_id), (bo, ana_id)):
        await until(
            me.page,
            f"{STATS}.then(s => s[{other!r}]?.state === 'connected' && s[{other!r}].audioBytes > 0)",
            timeout=60,
        )
    refused = [line for p in (ana, bo) for line in p.console if "signal failed" in line]
    assert refused == [], refused
