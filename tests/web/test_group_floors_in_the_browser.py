"""Each small group's own hand queue in real Chromium: in a pairs phase whose groups have their own
floor, a hand raised in the pair queues in the pair, the first hand speaks, "I'm done" hands the
floor on within the pair, the facilitator's overview shows the pair's floor and who speaks, and
the return ends the pair's floor.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow

AGENDA = """
[[phases]]
id = "pairs"
title = "In pairs"
mode = "pairs"
group_size = 2
minutes = 10
group_floor = "hands"

[[phases]]
id = "all"
title = "All"
minutes = 5
"""

FLOOR = "window.peergroup.store.state.floor"


async def send(p: Person, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    ack: dict[str, Any] = await p.page.evaluate("([e, d]) => window.peergroup.conn.send(e, d)", [event, data or {}])
    assert ack["ok"], (event, ack)
    return ack


async def test_a_pair_runs_its_own_hand_queue_and_the_facilitator_sees_it(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, title="Pairs with their own floor")
    fay = await person(room["links"]["facilitator"], "Fay")
    ann = await person(room["links"]["participant"], "Ann")
    ben = await person(room["links"]["participant"], "Ben")
    await send(fay, "load_template", {"toml": AGENDA})
    await send(fay, "set_return_timing", {"warnings": [60], "grace": 2})
    await send(fay, "start_agenda")
    for p in (ann, ben):
        await until(p.page, "document.querySelector('#floor-title')?.textContent === \"Group 1's floor\"")

    # The first hand in the pair takes the pair's free floor; the next one queues in the pair.
    await ann.page.click("#btn-hand")
    await until(ann.page, "document.querySelector('#now-speaking')?.textContent.includes('You have the floor')")
    await ben.page.click("#btn-hand")
    for p in (ann, ben):
        await until(p.page, "document.querySelector('#hands .hand')?.textContent.includes('Ben')")
    assert await fay.page.evaluate(f"{FLOOR}.hands.length") == 0  # the main room's queue is empty
    card = "#groups-overview .group-card[data-space-id='s1'] .group-floor"
    await until(fay.page, f"document.querySelector(\"{card}\")?.textContent.includes('Ann has the floor')")
    assert "hands: Ben" in (await fay.page.text_content(card) or "")
    await fay.shot("group-floor-overview")

    # "I'm done": the floor goes on to the pair's next hand.
    await ann.page.click('#floor-panel button:has-text("I\'m done")')
    await until(ben.page, "document.querySelector('#now-speaking')?.textContent.includes('You have the floor')")
    await until(fay.page, f"document.querySelector(\"{card}\")?.textContent.includes('Ben has the floor')")

    # The pair returns: its floor ends, everyone is on the main room's floor again.
    await fay.page.click("#btn-call-back")
    for p in (fay, ann, ben):
        await until(p.page, f"Object.keys({FLOOR}.spaces || {{}}).length === 0 && !{FLOOR}.speaker", timeout=20)
        await until(p.page, "document.querySelector('#floor-title')?.textContent === 'Floor'")
    assert all(not p.errors for p in (fay, ann, ben)), [p.errors for p in (fay, ann, ben)]
