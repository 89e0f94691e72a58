"""Every message of a real session, in both directions, is valid against docs/schema/*.json."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from protocol.codec import CLIENT_COMMANDS
from server.clock import FakeClock
from server.schemas import SCHEMA_DIR
from tests.client import Client
from tests.conftest import InProcessServer

SCHEMAS = {path.stem: json.loads(path.read_text()) for path in SCHEMA_DIR.glob("*.json")}


def validator(file: str, message: str) -> jsonschema.protocols.Validator:
    doc = SCHEMAS[file]
    schema = {"$schema": doc["$schema"], "$defs": doc["$defs"], **doc["messages"][message]}
    return jsonschema.Draft202012Validator(schema)


def check(file: str, message: str, value: Any) -> None:
    errors = sorted(validator(file, message).iter_errors(value), key=str)
    assert not errors, f"{file} {message}: {errors[0].message:.300} at {list(errors[0].absolute_path)}"


def fits(file: str, message: str, value: Any) -> bool:
    return validator(file, message).is_valid(value)


class RecordingClient(Client):
    """A client that keeps every command it sent with the ack it got."""

    sent: list[tuple[str, Any, Any]]

    async def call(self, event: str, payload: Any = None, timeout: float = 10) -> Any:
        ack = await super().call(event, payload, timeout)
        self.__dict__.setdefault("sent", []).append((event, payload if payload is not None else {}, ack))
        return ack


SESSION: list[tuple[str, str, dict[str, Any]]] = [
    ("fac", "load_template", {"name": "1-2-4-all"}),
    ("fac", "start_agenda", {}),
    ("pat", "write_card", {"prompt": "", "text": "We planned to ship on Friday."}),
    ("quin", "mark_typing", {}),
    ("pat", "raise_hand", {}),
    ("quin", "raise_hand", {}),
    ("fac", "call_next", {"seconds": 60}),
    ("fac", "extend_phase", {"seconds": 60}),
    ("pat", "add_element", {"element": {"id": "s1", "kind": "stroke", "points": [[0, 0], [3, 4]]}}),
    ("pat", "add_element", {"element": {"id": "s2", "kind": "stroke", "points": [[0, 0]] * 2001}}),
    ("quin", "write_card", {"prompt": "", "text": "x" * 4001}),
    ("fac", "pause_agenda", {}),
    ("fac", "resume_agenda", {}),
    ("fac", "skip_phase", {}),
    ("fac", "open_voting", {"budget": 3}),
    ("pat", "cast_vote", {"card_id": "c1"}),
    ("fac", "set_airtime_visibility", {"visible_to": "facilitators"}),
    ("fac", "start_stick_round", {"turn_seconds": 30}),
    ("obi", "raise_hand", {}),
]


async def test_every_message_of_a_multi_client_session_fits_the_json_schemas(
    server: InProcessServer, clock: FakeClock
) -> None:
    room = await server.create_room()
    people: dict[str, RecordingClient] = {}
    for who, link in (("fac", "facilitator"), ("pat", "participant"), ("quin", "participant"), ("obi", "observer")):
        c = RecordingClient(server.url)
        server.clients.append(c)
        await c.connect(room["tokens"][link])
        await c.join(who.capitalize())
        people[who] = c
    for who, event, payload in SESSION:
        await people[who].call(event, payload)
        clock.advance(1)
    # then every command the protocol has, with its documented example, from the facilitator
    for event, kind in sorted(CLIENT_COMMANDS.items()):
        if event not in ("leave", "end_session"):
            await people["fac"].call(event, kind.example)
            clock.advance(1)
    clock.advance(600)  # the clocks run out: ticks, phase changes, presence
    await people["fac"].call("end_session", {})
    final = people["fac"].seq
    for c in people.values():
        await c.wait_seq(final)

    kinds: set[str] = set()
    for c in people.values():
        for event, payload, ack in c.sent:
            # what the server takes fits the schema; what it refuses for its shape or a limit does not
            if ack.get("ok"):
                check("commands", event, payload)
            elif ack["error"]["code"] in ("bad_payload", "too_long", "limit"):
                assert not fits("commands", event, payload), (event, ack)
            if event == "join":
                check("acks", "JoinAck" if ack.get("ok") else "Refusal", ack)
            else:
                check("acks", "Ack" if ack.get("ok") else "Refusal", ack)
        for name, data in c.received:
            check("pushes", name, data)
            if name == "event":
                check("events", data["type"], data["data"])
                kinds.add(data["type"])
            elif name == "snapshot":
                check("snapshot", "state", data["state"])
    codes = {ack["error"]["code"] for c in people.values() for _, _, ack in c.sent if not ack.get("ok")}
    assert {"limit", "too_long"} <= codes  # the session met its limits, with the documented codes
    assert len(kinds) >= 30, sorted(kinds)
