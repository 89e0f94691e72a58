"""People who came and went do not stay in the room forever; those the room still needs do."""

from __future__ import annotations

import pytest

from rooms import Rejected, views
from rooms.errors import Code
from rooms.membership import commands as c
from rooms.membership.rules import MAX_OBSERVERS
from rooms.reflections import commands as r
from rooms.state import Presence, Role
from tests.rooms.harness import standard_room


def test_a_thousand_observers_passing_through_leave_the_room_as_small_as_before() -> None:
    room = standard_room()
    before = len(views.view_state(room.state, views.Viewer("fay", Role.FACILITATOR))["members"])
    for i in range(1000):
        room.do(c.Join(actor=f"o{i}", name="Watcher", role=Role.OBSERVER))
        room.do(c.Leave(actor=f"o{i}"))
    members = views.view_state(room.state, views.Viewer("fay", Role.FACILITATOR))["members"]
    assert len(members) == before and len(room.state.members) == before


def test_a_member_who_wrote_a_card_is_kept_after_leaving_so_the_record_can_name_them() -> None:
    room = standard_room()
    room.do(r.WriteCard(actor="pat", prompt="", text="We shipped late"))
    room.do(c.Leave(actor="pat"))
    assert room.state.members["pat"].presence is Presence.LEFT


def test_a_facilitator_who_left_keeps_the_role_so_a_newcomer_on_the_link_co_facilitates() -> None:
    room = standard_room()
    room.do(c.Leave(actor="fay"))
    assert room.state.members["fay"].role is Role.FACILITATOR
    room.do(c.Join(actor="new", name="New", role=Role.FACILITATOR))
    assert room.state.members["new"].role is Role.CO_FACILITATOR


def test_a_forgotten_member_can_come_back_under_the_same_id() -> None:
    room = standard_room()
    room.do(c.Leave(actor="quin"))
    assert "quin" not in room.state.members
    room.do(c.Join(actor="quin", name="Quin", role=Role.PARTICIPANT))
    assert room.state.admitted("quin") is not None


def test_observers_have_a_cap() -> None:
    room = standard_room()  # one observer already
    for i in range(MAX_OBSERVERS - 1):
        room.do(c.Join(actor=f"o{i}", name="Watcher", role=Role.OBSERVER))
    with pytest.raises(Rejected) as refused:
        room.do(c.Join(actor="one-more", name="Watcher", role=Role.OBSERVER))
    assert refused.value.code is Code.ROOM_FULL
    room.do(c.Leave(actor="o0"))
    room.do(c.Join(actor="one-more", name="Watcher", role=Role.OBSERVER))  # a seat freed up
