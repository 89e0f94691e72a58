"""The browser's reducers and the server's appliers agree: after a whole session of events, the
state each browser built event by event equals a fresh snapshot of the room for the same viewer."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow

#: the state built from events, then a fresh snapshot of the same viewer, side by side
RESYNC = """async () => {
  const pg = window.peergroup;
  const built = JSON.parse(JSON.stringify(pg.store.state));
  Object.assign(built.reflections, pg.reflectionMode(pg.store.state));
  delete built.reflections.override;
  pg.store.state = null;  // no last_seq: the server sends a whole snapshot
  const fresh = new Promise((resolve) => {
    const off = pg.store.subscribe((change) => { if (change.type === "snapshot") { off(); resolve(); } });
  });
  pg.conn.socket.disconnect();
  pg.conn.socket.connect();
  await fresh;
  const snap = JSON.parse(JSON.stringify(pg.store.state));
  delete snap.reflections.override;
  return [built, snap];
}"""


#: every browser of the test, so a command is complete only once all of them have applied it
EVERYONE: list[Person] = []

CAUGHT_UP = "(seq) => window.peergroup.store.state && window.peergroup.store.state.seq >= seq"


async def send(p: Person, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    ack: dict[str, Any] = await p.page.evaluate("([e, d]) => window.peergroup.conn.send(e, d)", [event, data or {}])
    assert ack["ok"], (event, ack)
    # An ack may overtake the events it caused (docs/protocol.md): the next step acts on what each
    # browser shows, so wait until every browser has applied this command's events.
    if ack.get("seq") is not None:
        for other in EVERYONE:
            await other.page.wait_for_function(CAUGHT_UP, arg=ack["seq"])
    return ack


async def write(p: Person, text: str) -> None:
    """Write a card against the first prompt in force, as this browser works it out."""
    prompts = await p.page.evaluate("window.peergroup.reflectionMode(window.peergroup.store.state).prompts")
    await send(p, "write_card", {"prompt": prompts[0] if prompts else "", "text": text})


def same(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two JSON values differ (floats to a microsecond: both sides add the same event times)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only on one side" for k in a.keys() ^ b.keys()]
        for k in a.keys() & b.keys():
            out += same(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in same(x, y, f"{path}[{i}]")]
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return [] if math.isclose(a, b, abs_tol=1e-6) else [f"{path}: {a} vs {b}"]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


async def test_state_built_from_events_equals_a_fresh_snapshot(web_server: ServerProcess, person: Open) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    EVERYONE[:] = [ana, bo]
    bo_id = await bo.member_id()
    # membership
    await send(bo, "rename", {"name": "Bo B"})
    await send(ana, "lock_room")
    await send(ana, "unlock_room")
    # agenda (1-2-4-All: silent writing, pairs, foursomes, all) and floor
    await send(ana, "load_template", {"name": "1-2-4-all"})
    await send(ana, "start_agenda")
    await write(bo, "Written alone")
    await send(bo, "mark_ready", {"ready": True})  # everyone who writes is ready: on to the pairs
    await until(ana.page, "window.peergroup.store.state.agenda.index === 1")
    await send(ana, "skip_phase")  # foursomes
    await send(ana, "pause_agenda")
    await send(ana, "extend_phase", {"seconds": 60})
    await send(ana, "resume_agenda")
    await send(ana, "skip_phase")  # all: open discussion
    await send(bo, "raise_hand")
    await send(ana, "raise_hand")
    await send(ana, "call_next", {"seconds": 60})
    await send(ana, "extend_turn", {"seconds": 30})
    await send(ana, "pause_agenda")
    await send(ana, "resume_agenda")
    await send(ana, "extend_phase", {"seconds": 60})
    await send(bo, "finish_turn")
    await send(ana, "give_floor", {"target": bo_id, "seconds": 0})
    await send(ana, "set_airtime_visibility", {"visible_to": "everyone"})
    await send(ana, "end_turn")
    await send(ana, "set_airtime_visibility", {"visible_to": "facilitators"})
    await send(ana, "start_stick_round", {"how": "room", "turn_seconds": 30, "include_facilitators": True})
    await send(bo, "pass")
    await send(ana, "stop_stick_round")
    await send(ana, "set_progressive_stack", {"on": True})
    await send(bo, "raise_hand")
    await send(ana, "give_floor", {"target": bo_id, "seconds": 45})
    await send(ana, "previous_phase")
    # whiteboard
    stroke = {"id": "st-1", "kind": "stroke", "x": 10, "y": 20, "points": [[0, 0], [5, 8], [12, 3]]}
    await send(bo, "add_element", {"element": stroke})
    sticky = {"id": "sk-1", "kind": "sticky", "x": 300, "y": 90, "w": 200, "h": 150, "text": "Late", "color": "#ffd43b"}
    await send(ana, "add_element", {"element": sticky})
    await send(bo, "update_element", {"id": "st-1", "base_version": 1, "patch": {"x": 40}})
    await send(bo, "undo_board")
    await send(bo, "redo_board")
    await send(ana, "delete_element", {"id": "sk-1"})
    # reflections
    await write(bo, "Named card")
    await send(ana, "set_anonymous", {"anonymous": True})
    await write(bo, "Anonymous card")
    await send(ana, "create_group", {"name": "Handover"})
    cards = await ana.page.evaluate("window.peergroup.store.state.reflections.cards.map(c => c.id)")
    groups = await ana.page.evaluate("window.peergroup.store.state.reflections.groups.map(g => g.id)")
    await send(bo, "move_card", {"card_id": cards[1], "group_id": groups[0]})
    await send(ana, "set_group_note", {"group_id": groups[0], "note": "Agree it a day earlier"})
    await send(ana, "open_voting", {"budget": 3, "per_card": 2})
    await send(bo, "cast_vote", {"card_id": cards[2]})
    await send(bo, "cast_vote", {"card_id": cards[2]})
    await send(ana, "cast_vote", {"card_id": cards[1]})
    await send(bo, "retract_vote", {"card_id": cards[2]})
    await send(ana, "close_voting")
    await send(ana, "add_action_item", {"text": "Write the checklist", "owner": "Bo"})
    items = await ana.page.evaluate("window.peergroup.store.state.reflections.action_items.map(a => a.id)")
    await send(bo, "update_action_item", {"item_id": items[0], "status": "done"})
    await send(bo, "mark_typing")  # others learn that someone types, never who
    # moderation under the code of conduct
    await send(ana, "remove_card", {"card_id": cards[1], "reason": "names a colleague"})
    await send(
        bo, "add_element", {"element": {"id": "tx-1", "kind": "text", "x": 5, "y": 5, "w": 80, "h": 30, "text": "x"}}
    )
    await send(ana, "remove_element", {"id": "tx-1"})
    await send(ana, "give_floor", {"target": bo_id, "seconds": 30})
    # chat (anonymous now: the phase was made anonymous above), agenda editing, screen sharing
    await send(bo, "send_chat_message", {"text": "to all"})
    await send(bo, "send_chat_message", {"text": "to the facilitators", "to": "facilitators"})
    await send(ana, "send_chat_message", {"text": "noted"})
    messages = await ana.page.evaluate("window.peergroup.store.state.chat.messages.map(m => m.id)")
    await send(ana, "remove_chat_message", {"message_id": messages[0], "reason": "off topic"})
    await send(ana, "set_chat_in_record", {"on": False})
    closing = {"title": "Closing round", "mode": "talking_stick", "seconds": 120, "turn_seconds": 20}
    await send(ana, "add_phase", closing)
    phases = await ana.page.evaluate("window.peergroup.store.state.agenda.phases.map(p => p.id)")
    await send(ana, "update_phase", {"phase_id": phases[-1], "title": "Closing", "seconds": 180, "auto_advance": False})
    await send(ana, "move_phase", {"phase_id": phases[-1], "position": 0})
    await send(ana, "remove_phase", {"phase_id": phases[-1]})
    await send(bo, "start_screen_share", {"stream_id": "screen-1"})
    await send(ana, "end_screen_share")
    await send(ana, "set_share_policy", {"policy": "on_request"})
    await send(bo, "request_screen_share")
    await send(ana, "allow_screen_share", {"target": bo_id})
    await send(bo, "start_screen_share", {"stream_id": "screen-2"})
    await send(bo, "stop_screen_share")
    # room settings changed during the session
    await send(ana, "set_room_settings", {"lobby": True, "capacity": 12, "wait_between_phases": True})
    await send(ana, "set_room_settings", {"vote_totals_hidden": True, "reconnect_grace": 90})
    ended = await send(ana, "end_session")

    for p in (ana, bo):
        # An ack may overtake the events it caused (docs/protocol.md): compare only once this
        # browser has applied everything up to the last acknowledged seq.
        await p.page.wait_for_function(CAUGHT_UP, arg=ended["seq"])
        built, snap = await p.page.evaluate(RESYNC)
        # The resync itself shows up in presence (a disconnect and a return); nothing else may differ.
        for state in (built, snap):
            state.pop("seq", None)
            state["board"].pop("can_undo", None)
            state["board"].pop("can_redo", None)
        assert same(built, snap) == [], p.name
