"""The listener hears aiortc peers speaking on a schedule: measured time within 5 %, overlaps and
interruptions counted, a muted peer at zero. Real node, real sockets, real WebRTC, real time."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.client import Client
from tests.conftest import InProcessServer
from tests.media.conftest import Speaker, soon, speaker, until_said_and_measured

LEAD = 2.0  # seconds of silence before the schedules start: time to connect


def measured(c: Client) -> list[dict[str, Any]]:
    return [e["data"] for e in c.events if e["type"] == "SpeechMeasured"]


def seconds_of(c: Client, member_id: str) -> float:
    return sum(w.get("speakers", {}).get(member_id, {}).get("seconds", 0.0) for w in measured(c))


async def test_tone_silence_and_overlap_are_measured_within_five_percent(live_server: InProcessServer) -> None:
    room = await live_server.create_room()
    fac = await live_server.member(room, "facilitator", "Fay")
    t0 = soon(LEAD)
    # Ana: tone 3 s, silence 2 s, tone 3 s. Ben: silent 6 s, then tone 3 s: they overlap 2 s (6-8),
    # Ben starting while Ana speaks. Cy talks all along, muted.
    ana = await speaker(live_server, room, "Ana", [("tone", 3), ("silence", 2), ("tone", 3)], t0)
    ben = await speaker(live_server, room, "Ben", [("silence", 6), ("tone", 3)], t0)
    cy = await speaker(live_server, room, "Cy", [("tone", 9)], t0)
    await cy.link.mute(True)
    try:
        for s in (ana, ben, cy):
            await asyncio.wait_for(s.link.connected.wait(), 10)
        await until_said_and_measured(
            [ana.voice, ben.voice], 9.5, lambda: (seconds_of(fac, ana.id), seconds_of(fac, ben.id))
        )
        assert sum(w["unanalysed"] for w in measured(fac)) == 0, "the listener fell behind: figures incomplete"
        assert seconds_of(fac, ana.id) == pytest.approx(6.0, rel=0.05)
        assert seconds_of(fac, ben.id) == pytest.approx(3.0, rel=0.05)
        assert seconds_of(fac, cy.id) == 0.0
        overlaps = sum(w["overlaps"] for w in measured(fac))
        overlap_seconds = sum(w["overlap_seconds"] for w in measured(fac))
        assert overlaps == 1
        assert overlap_seconds == pytest.approx(2.0, rel=0.05)
        interruptions = [(i["by"], i["of"]) for w in measured(fac) for i in w["interruptions"]]
        assert interruptions == [(ben.id, ana.id)]
        # Contributions: two for Ana, unless packets were lost for longer than a pause between words
        # (a starved machine); tests/rooms/test_speech.py counts them exactly.
        contributions = sum(w["speakers"].get(ana.id, {}).get("contributions", 0) for w in measured(fac))
        assert contributions >= 2
        # What it cost: the peers honoured the 60 ms packets the answer asked for, and the listener
        # read every level from the packets' headers, decoding nothing (nothing was recorded).
        [listener] = live_server.node.listeners.rooms.values()
        heard = [listener.heard[s.id] for s in (ana, ben, cy)]
        assert [h.packet_samples for h in heard] == [2880, 2880, 2880]
        assert [h.decoder for h in heard] == [None, None, None]
    finally:
        for s in (ana, ben, cy):
            await s.close()


async def test_a_participant_does_not_see_the_figures_while_airtime_is_for_facilitators(
    live_server: InProcessServer,
) -> None:
    room = await live_server.create_room()
    fac = await live_server.member(room, "facilitator", "Fay")
    t0 = soon(LEAD)
    ana: Speaker = await speaker(live_server, room, "Ana", [("tone", 1.5)], t0)
    try:
        await until_said_and_measured([ana.voice], 2.0, lambda: seconds_of(fac, ana.id))
        assert seconds_of(fac, ana.id) == pytest.approx(1.5, rel=0.05)
        seen_by_ana = measured(ana.client)
        assert seen_by_ana and all("speakers" not in w for w in seen_by_ana)
    finally:
        await ana.close()
