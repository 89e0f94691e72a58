"""Chromium's fake microphone reaches the room's listener: a speaking browser is measured as speaking
and its muted twin as silent; a recording is shown to every member and to anyone before joining."""

from __future__ import annotations

import wave
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
from playwright.async_api import Browser, async_playwright

from load.bench_vad import silence, speechlike
from tests.conftest import ServerProcess
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, Open, new_room, until

pytestmark = pytest.mark.slow


@pytest.fixture
def talking_wav(tmp_path: Path) -> Path:
    """Speech-like bursts (3 s voice, 1 s pause): Chromium loops it as every page's microphone."""
    sig = np.concatenate([speechlike(3.0), silence(1.0)])
    path = tmp_path / "talk.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.clip(sig, -32768, 32767).astype("<i2").tobytes())
    return path


@pytest.fixture
async def browser(chromium: str, talking_wav: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        args = [*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={talking_wav}"]
        b = await pw.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        await b.close()


PACKETS_PER_AUDIO_SECOND = """window.peergroup.listener.pc.getStats().then((report) => {
  let packets = 0, seconds = 0;
  report.forEach((s) => {
    if (s.type === "outbound-rtp" && s.kind === "audio") packets += s.packetsSent;
    if (s.type === "media-source" && s.kind === "audio") seconds += s.totalSamplesDuration;
  });
  return packets / seconds;
})"""


def seconds_of(member_id: str) -> str:
    """A member's measured seconds as the facilitator's panel shows them (a JS expression)."""
    row = f"#speech-rows [data-member={member_id}] .speech-seconds"
    return f"Number(document.querySelector('{row}')?.dataset.seconds || 0)"


async def test_a_speaking_browser_is_measured_and_its_muted_twin_is_silent(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    # Bo has the same microphone, muted before joining: muted means zero.
    bo = await person(room["links"]["participant"], "Bo", join=False)
    await bo.page.wait_for_selector("#join-form", state="visible")
    await until(bo.page, "document.querySelector('#pre-mic').getAttribute('aria-pressed') === 'true'")
    await bo.page.click("#pre-mic")
    await bo.page.fill("#name", "Bo")
    await bo.page.check("#coc-accept")
    await bo.page.click("#join-button")
    await bo.page.wait_for_selector("#screen-room", state="visible")
    assert await bo.page.get_attribute("#btn-mic", "aria-pressed") == "false"
    ana_id, bo_id = await ana.member_id(), await bo.member_id()
    await until(ana.page, "window.peergroup.listener.stats().then(s => s.state === 'connected')")
    await until(bo.page, "window.peergroup.listener.stats().then(s => s.state === 'connected')")
    await ana.page.wait_for_selector("#speech-panel", state="visible", timeout=20_000)
    await until(ana.page, f"{seconds_of(ana_id)} > 3", timeout=30)
    assert await ana.page.evaluate(seconds_of(bo_id)) == 0
    # Chromium honours the 60 ms packets the listener's answer asks for (a third of the packets
    # a 20 ms stream costs the server): packets sent per second of audio captured.
    per_second = await ana.page.evaluate(PACKETS_PER_AUDIO_SECOND)
    assert per_second == pytest.approx(1 / 0.060, rel=0.2)
    assert "Bo" in (await ana.page.text_content("#not-spoken") or "")
    await ana.shot("measured-speech")
    # A participant does not see the figures while airtime is for the facilitators.
    assert await bo.page.is_hidden("#speech-panel")


async def test_a_recording_is_shown_to_every_member_and_before_joining(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    await ana.page.click("#btn-recording")
    # Asked in the page (an accessible dialog), not with window.confirm().
    await ana.page.locator("#confirm-text", has_text="Start recording the session's audio?").wait_for()
    await ana.page.click("#confirm-yes")
    await bo.page.wait_for_selector("#recording-badge", state="visible")
    assert "started by Ana" in (await bo.page.text_content("#recording-badge") or "")
    await bo.page.click("#btn-decline-recording")
    await until(bo.page, "document.querySelector('#recording-badge').textContent.includes('not you')")
    cy = await person(room["links"]["participant"], "Cy", join=False)
    await cy.page.wait_for_selector("#prejoin-recording", state="visible")
    assert "being recorded" in (await cy.page.text_content("#prejoin-recording") or "")
    await cy.page.check("#decline-recording")
    await cy.page.fill("#name", "Cy")
    await cy.page.check("#coc-accept")
    await cy.page.click("#join-button")
    await cy.page.wait_for_selector("#recording-badge", state="visible")
    cy_id = await cy.member_id()
    await until(ana.page, f"window.peergroup.store.state.speech.declined.includes('{cy_id}')")
    await cy.shot("recording-indicator")
