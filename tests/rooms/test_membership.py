"""Who is in the room: joining, the lobby, presence, roles, removal, hand-off."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.errors import Code
from rooms.membership import commands as c
from rooms.membership import events as e
from rooms.sessions.commands import StartNextSession
from rooms.state import Admission, Presence, Role
from tests.rooms.harness import Room, room_with, standard_room


def test_a_room_must_exist_before_anyone_joins() -> None:
    with pytest.raises(Rejected) as exc:
        Room().do(c.Join(actor="a", name="Ann", role=Role.PARTICIPANT))
    assert exc.value.code is Code.NO_SUCH_ROOM


def test_a_room_is_created_once() -> None:
    room = room_with()
    with pytest.raises(Rejected) as exc:
        room.do(c.CreateRoom(actor="", title="Again"))
    assert exc.value.code is Code.ROOM_EXISTS


def test_a_second_person_on_the_facilitator_link_becomes_co_facilitator() -> None:
    room = room_with(("a", Role.FACILITATOR), ("b", Role.FACILITATOR))
    assert room.state.members["b"].role is Role.CO_FACILITATOR
    assert room.state.facilitator() is room.state.members["a"]


def test_names_are_cleaned_and_bounded() -> None:
    room = room_with(("a", Role.FACILITATOR))
    room.do(c.Rename(actor="a", name="  Ann\u0000\u202e  "))
    assert room.state.members["a"].name == "Ann"
    for bad, code in (("   ", Code.BAD_NAME), ("x" * 41, Code.TOO_LONG), ("\u0007", Code.BAD_NAME)):
        with pytest.raises(Rejected) as exc:
            room.do(c.Rename(actor="a", name=bad))
        assert exc.value.code is code


def test_a_locked_room_sends_newcomers_to_the_lobby_but_not_facilitators() -> None:
    room = room_with(("fay", Role.FACILITATOR))
    room.do(c.LockRoom(actor="fay"))
    (knock,) = room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    assert isinstance(knock, e.MemberKnocked)
    assert room.state.members["pat"].admission is Admission.WAITING
    (joined,) = room.do(c.Join(actor="cole", name="Cole", role=Role.CO_FACILITATOR))
    assert isinstance(joined, e.MemberJoined)


def test_someone_waiting_in_the_lobby_can_do_nothing_until_admitted() -> None:
    room = room_with(("fay", Role.FACILITATOR), lobby=True)
    room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    with pytest.raises(Rejected) as exc:
        room.do(c.Rename(actor="pat", name="P"))
    assert exc.value.code is Code.IN_LOBBY
    room.do(c.Admit(actor="fay", target="pat"))
    room.do(c.Rename(actor="pat", name="P"))
    assert room.state.members["pat"].name == "P"


def test_admitting_someone_not_waiting_is_refused() -> None:
    room = standard_room()
    with pytest.raises(Rejected) as exc:
        room.do(c.Admit(actor="fay", target="pat"))
    assert exc.value.code is Code.NOT_WAITING


def test_a_denied_knocker_is_forgotten_and_may_knock_again() -> None:
    room = room_with(("fay", Role.FACILITATOR), lobby=True)
    room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    room.do(c.Deny(actor="fay", target="pat"))
    assert "pat" not in room.state.members
    room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    assert room.state.members["pat"].admission is Admission.WAITING


def test_a_dropped_member_is_reconnecting_then_gone_after_the_grace() -> None:
    room = standard_room(reconnect_grace=30.0)
    room.do(c.Disconnect(actor="pat"))
    assert room.state.members["pat"].presence is Presence.RECONNECTING
    assert room.wait(29.9) == []
    (left,) = room.wait(0.2)
    assert isinstance(left, e.MemberLeft) and left.reason == "timeout"
    assert room.state.admitted("pat") is None and "pat" not in room.state.members  # nothing needed Pat


def test_a_member_who_returns_within_the_grace_keeps_their_place() -> None:
    room = standard_room(reconnect_grace=30.0)
    room.do(c.Disconnect(actor="pat"))
    room.wait(10)
    (back,) = room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    assert isinstance(back, e.MemberReturned)
    assert room.wait(60) == []


def test_the_facilitator_keeps_the_role_through_a_disconnect_and_after_leaving_by_timeout() -> None:
    room = standard_room(reconnect_grace=5.0)
    room.do(c.Disconnect(actor="fay"))
    room.wait(10)
    assert room.state.members["fay"].role is Role.FACILITATOR
    room.do(c.Join(actor="fay", name="Fay", role=Role.PARTICIPANT))
    assert room.state.members["fay"].role is Role.FACILITATOR
    assert room.state.members["fay"].presence is Presence.CONNECTED


def test_hand_off_moves_the_role_and_the_giver_becomes_co_facilitator() -> None:
    room = standard_room()
    room.do(c.HandOff(actor="fay", target="pat"))
    assert room.state.members["pat"].role is Role.FACILITATOR
    assert room.state.members["fay"].role is Role.CO_FACILITATOR
    assert [m.id for m in room.state.members.values() if m.role is Role.FACILITATOR] == ["pat"]


def test_a_co_facilitator_may_claim_the_role_only_when_the_facilitator_has_left() -> None:
    room = standard_room(reconnect_grace=5.0)
    with pytest.raises(Rejected):
        room.do(c.ClaimFacilitator(actor="cole"))
    room.do(c.Disconnect(actor="fay"))
    with pytest.raises(Rejected):
        room.do(c.ClaimFacilitator(actor="cole"))
    room.wait(6)
    room.do(c.ClaimFacilitator(actor="cole"))
    assert room.state.facilitator() is room.state.members["cole"]


def test_a_removed_member_cannot_come_back() -> None:
    room = standard_room()
    room.do(c.RemoveMember(actor="cole", target="pat", reason="disruptive"))
    assert "pat" not in room.state.members
    with pytest.raises(Rejected) as exc:
        room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT))
    assert exc.value.code is Code.REMOVED


def test_nobody_removes_the_facilitator() -> None:
    room = standard_room()
    with pytest.raises(Rejected) as exc:
        room.do(c.RemoveMember(actor="cole", target="fay"))
    assert exc.value.code is Code.FORBIDDEN


def test_capacity_counts_people_but_not_observers() -> None:
    room = room_with(("fay", Role.FACILITATOR), ("pat", Role.PARTICIPANT), capacity=2)
    with pytest.raises(Rejected) as exc:
        room.do(c.Join(actor="x", name="X", role=Role.PARTICIPANT))
    assert exc.value.code is Code.ROOM_FULL
    room.do(c.Join(actor="o", name="Obs", role=Role.OBSERVER))


def test_set_role_cannot_make_or_unmake_the_facilitator() -> None:
    room = standard_room()
    room.do(c.SetRole(actor="fay", target="pat", role=Role.CO_FACILITATOR))
    assert room.state.members["pat"].role is Role.CO_FACILITATOR
    with pytest.raises(Rejected):
        room.do(c.SetRole(actor="fay", target="pat", role=Role.FACILITATOR))
    with pytest.raises(Rejected):
        room.do(c.SetRole(actor="fay", target="fay", role=Role.PARTICIPANT))


def test_a_link_from_an_earlier_session_lets_in_only_members_still_in_the_room_coming_back() -> None:
    room = standard_room()
    room.do(c.Leave(actor="quin"))
    room.do(StartNextSession(actor="fay"))
    old = room.state.session - 1
    with pytest.raises(Rejected) as refused:
        room.do(c.Join(actor="new1", name="New", role=Role.PARTICIPANT, link_session=old))
    assert refused.value.code is Code.BAD_TOKEN
    with pytest.raises(Rejected):
        room.do(c.Join(actor="quin", name="Quin", role=Role.PARTICIPANT, link_session=old, resuming=True))
    room.do(c.Disconnect(actor="pat"))
    room.do(c.Join(actor="pat", name="Pat", role=Role.PARTICIPANT, link_session=old, resuming=True))
    assert room.state.members["pat"].presence is Presence.CONNECTED
    room.do(c.Join(actor="new1", name="New", role=Role.PARTICIPANT, link_session=room.state.session))
    assert "new1" in room.state.members
