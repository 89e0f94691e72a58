"""Who sees airtime: the facilitators by default, everyone when the group chooses it; the session
record keeps it either way. Core tests with a fake `now`."""

from __future__ import annotations

import msgspec
import pytest

from rooms import Rejected, RoomState, apply, views
from rooms.errors import Code
from rooms.floor import commands as f
from rooms.floor.events import AirtimeVisibilitySet, TurnEnded
from rooms.state import AirtimeAudience, Role
from server.record.build import build_record
from tests.rooms.room import Room


def seen(room: Room, member: str, value: object) -> dict:  # type: ignore[type-arg]
    viewer = views.Viewer(member, room.state.members[member].role)
    return msgspec.to_builtins(views.view_event(value, viewer))  # type: ignore[arg-type, no-any-return]


def floor_of(room: Room, member: str) -> dict:  # type: ignore[type-arg]
    viewer = views.Viewer(member, room.state.members[member].role)
    return msgspec.to_builtins(views.view_state(room.state, viewer))["floor"]  # type: ignore[no-any-return]


def room_after_a_turn() -> tuple[Room, TurnEnded]:
    room = Room(participants=2)
    room.join("co", Role.CO_FACILITATOR)
    room.join("obs", Role.OBSERVER)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.advance(42)
    [ended] = [ev for ev in room.do(f.EndTurn(actor="fac")) if isinstance(ev, TurnEnded)]
    return room, ended


def test_rooms_show_airtime_to_facilitators_only_by_default() -> None:
    room, _ = room_after_a_turn()
    assert room.state.settings.airtime_visible_to is AirtimeAudience.FACILITATORS
    assert floor_of(room, "fac")["airtime"] == {"p1": {"": 42.0}}
    assert floor_of(room, "co")["airtime"] == {"p1": {"": 42.0}}
    assert floor_of(room, "p2")["airtime"] == {}
    assert floor_of(room, "obs")["airtime"] == {}


def test_a_turns_seconds_reach_facilitators_only_by_default() -> None:
    room, ended = room_after_a_turn()
    assert seen(room, "fac", ended)["seconds"] == 42.0
    assert seen(room, "co", ended)["seconds"] == 42.0
    for member in ("p1", "p2", "obs"):
        data = seen(room, member, ended)
        assert "seconds" not in data
        assert data["member_id"] == "p1" and data["reason"] == "ended"


def test_a_facilitator_can_show_airtime_to_everyone_during_the_session() -> None:
    room, _ = room_after_a_turn()
    [ev] = room.do(f.SetAirtimeVisibility(actor="co", visible_to=AirtimeAudience.EVERYONE))
    assert isinstance(ev, AirtimeVisibilitySet)
    assert ev.airtime == {"p1": {"": 42.0}}  # what the group did not see until now
    assert floor_of(room, "p2")["airtime"] == {"p1": {"": 42.0}}
    room.do(f.GiveFloor(actor="fac", target="p2"))
    room.advance(10)
    [ended] = [ev for ev in room.do(f.EndTurn(actor="fac")) if isinstance(ev, TurnEnded)]
    assert seen(room, "obs", ended)["seconds"] == 10.0


def test_hiding_airtime_again_hides_later_turns_but_a_replay_shows_earlier_ones_as_they_were() -> None:
    room = Room(participants=2)
    room.do(f.SetAirtimeVisibility(actor="fac", visible_to=AirtimeAudience.EVERYONE))
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.advance(5)
    [public] = [ev for ev in room.do(f.EndTurn(actor="fac")) if isinstance(ev, TurnEnded)]
    [closed] = room.do(f.SetAirtimeVisibility(actor="fac", visible_to=AirtimeAudience.FACILITATORS))
    assert isinstance(closed, AirtimeVisibilitySet) and closed.airtime == {}
    room.do(f.GiveFloor(actor="fac", target="p2"))
    room.advance(7)
    [private] = [ev for ev in room.do(f.EndTurn(actor="fac")) if isinstance(ev, TurnEnded)]
    assert seen(room, "p2", public)["seconds"] == 5.0
    assert "seconds" not in seen(room, "p2", private)
    assert floor_of(room, "p2")["airtime"] == {}


def test_participants_may_not_change_who_sees_airtime() -> None:
    room = Room(participants=1)
    with pytest.raises(Rejected) as refused:
        room.do(f.SetAirtimeVisibility(actor="p1", visible_to=AirtimeAudience.EVERYONE))
    assert refused.value.code is Code.FORBIDDEN
    assert room.state.settings.airtime_visible_to is AirtimeAudience.FACILITATORS


def test_choosing_the_setting_already_in_force_changes_nothing() -> None:
    room = Room(participants=1)
    assert room.do(f.SetAirtimeVisibility(actor="fac", visible_to=AirtimeAudience.FACILITATORS)) == []


def test_the_session_record_keeps_airtime_whoever_sees_it_live() -> None:
    room, _ = room_after_a_turn()
    record = build_record(room.state, room.now)
    assert record["airtime"] and record["airtime"][0]["seconds"] == 42


def test_the_setting_survives_a_replay_of_the_log() -> None:
    room = Room(participants=1)
    room.do(f.SetAirtimeVisibility(actor="fac", visible_to=AirtimeAudience.EVERYONE))
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, ev)
    assert replayed == room.state
    # the event that created the room keeps the settings it was created with
    assert room.log[0].settings.airtime_visible_to is AirtimeAudience.FACILITATORS  # type: ignore[attr-defined]
