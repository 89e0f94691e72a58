"""axe-core (npm `axe-core`, injected by Playwright) on every page a person sees: home, pre-join,
lobby and the room (with an agenda, a hand, the chat, the cockpit and the reflections tab open).
No serious or critical violation, and none of the ones found by hand before (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import ROOT, Open, Person, new_room

pytestmark = pytest.mark.slow

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
_source: list[str] = []


def axe_source() -> str:
    """axe-core's bundle, read once per test session."""
    if not _source:
        if not AXE.is_file():
            pytest.fail("axe-core is missing: run `npm ci` in web/ (the bootstrap does)")
        _source.append(AXE.read_text())
    return _source[0]


#: moderate rules this project holds itself to as well (each was once reported on these pages)
ALSO_REFUSED = {"landmark-one-main", "region", "heading-order", "label-content-name-mismatch"}


async def axe(p: Person, name: str) -> list[dict[str, Any]]:
    """The violations axe-core finds on the page now (serious, critical, or listed above)."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays in force for the page.
    if not await p.page.evaluate("typeof window.axe === 'object'"):  # once per page load
        await p.page.evaluate(axe_source())
    result = await p.page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    found = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] in ALSO_REFUSED
    ]
    await p.shot(f"axe-{name}")
    return found


async def test_the_home_and_pre_join_pages_have_no_serious_violation(web_server: ServerProcess, person: Open) -> None:
    home = await person(web_server.url + "/", "Ana", join=False)
    assert await axe(home, "home") == []
    room = await new_room(web_server.url)
    pre = await person(room["links"]["participant"], "Bo", join=False)
    await pre.page.wait_for_selector("#join-form", state="visible")
    assert await axe(pre, "prejoin") == []


async def test_the_lobby_and_the_room_have_no_serious_violation(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url, lobby=True, template="aar")
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo", join=False)
    await bo.page.fill("#name", "Bo")
    await bo.page.check("#coc-accept")
    await bo.page.click("#join-button")
    await bo.page.wait_for_selector("#screen-lobby", state="visible")
    assert await axe(bo, "lobby") == []
    await ana.page.locator("#lobby-notice").wait_for()
    assert await axe(ana, "room-knock") == []
    await ana.page.get_by_role("button", name="Admit Bo").first.click()
    await bo.page.wait_for_selector("#screen-room", state="visible")
    await bo.page.click("#btn-hand")
    await ana.page.locator("#hands .hand", has_text="Bo").wait_for()
    await ana.page.click("#cockpit-start")
    await ana.page.click("#btn-chat")
    await ana.page.fill("#chat-text", "Welcome, Bo")
    await ana.page.keyboard.press("Enter")
    await bo.page.locator("#chat-unread").wait_for()
    assert await axe(ana, "room-facilitator") == []
    assert await axe(bo, "room-participant") == []
    await ana.page.click("#tab-reflections")
    await ana.page.wait_for_selector("#reflections-panel", state="visible")
    assert await axe(ana, "room-reflections") == []
    await ana.page.click("#btn-edit-agenda")
    assert await axe(ana, "agenda-editor") == []
