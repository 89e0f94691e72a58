"""Every room event the server can send has a reducer in the browser (or a stated reason not to)."""

from __future__ import annotations

import re
from pathlib import Path

import rooms

REDUCERS = Path(__file__).resolve().parents[2] / "web" / "src" / "room" / "reducers"

#: events a browser never needs to reduce, and why
NOT_REDUCED = {
    "RoomCreated": "it happens before anyone can join; the first snapshot holds it",
    "GroupsAnnounced": "an announcement shown by the spaces view (web/src/room/views/spaces.js), no state",
}


def reduced() -> set[str]:
    return {name for path in REDUCERS.glob("*.js") for name in re.findall(r'reducer\("([A-Za-z]+)"', path.read_text())}


def test_every_event_type_has_a_browser_reducer() -> None:
    missing = set(rooms.EVENT_TYPES) - reduced() - set(NOT_REDUCED)
    assert not missing, f"no reducer in web/src/room/reducers for {sorted(missing)}"


def test_the_browser_reduces_no_event_the_server_does_not_send() -> None:
    assert reduced() <= set(rooms.EVENT_TYPES)
