"""A facilitator changes the room's settings during the session (`set_room_settings`), not only at
creation: the lobby, the seats, the reconnect grace, waiting between phases and hidden vote totals.
Only the fields sent change; each change is one event with the whole new set, so a replay agrees."""

from __future__ import annotations

import pytest

from rooms import Rejected
from rooms.agenda import commands as a
from rooms.agenda import current_phase
from rooms.agenda.state import AgendaStatus
from rooms.errors import Code
from rooms.floor import commands as f
from rooms.membership import commands as c
from rooms.membership import events as e
from rooms.reflections import commands as r
from rooms.reflections import events as re_
from rooms.state import Admission, AirtimeAudience, Presence, Role
from tests.rooms.harness import room_with, standard_room

AGENDA = """
[[phases]]
id = "round"
title = "Check-in"
mode = "talking_stick"
seconds = 120
turn_seconds = 30

[[phases]]
id = "talk"
title = "Talk"
seconds = 300
"""


def test_only_the_fields_sent_change_and_the_event_carries_the_whole_new_set() -> None:
    room = standard_room(capacity=10, airtime_visible_to=AirtimeAudience.EVERYONE)
    created = room.state.settings
    (ev,) = room.do(c.SetRoomSettings(actor="cole", lobby=True, wait_between_phases=True))
    assert isinstance(ev, e.RoomSettingsChanged)
    assert ev.changed == ["lobby", "wait_between_phases"] and ev.by == "cole"
    s = room.state.settings
    assert s.lobby and s.wait_between_phases
    assert s.capacity == 10 and s.airtime_visible_to is AirtimeAudience.EVERYONE  # untouched
    # The settings RoomCreated carries are not changed under it: a replay of the log agrees.
    assert not created.lobby
    assert room.replayed() == room.state


def test_a_setting_already_so_is_no_event() -> None:
    room = standard_room(lobby=True)
    assert room.do(c.SetRoomSettings(actor="fay", lobby=True)) == []
    assert room.do(c.SetRoomSettings(actor="fay")) == []


def test_participants_and_observers_may_not_change_the_settings() -> None:
    room = standard_room()
    for who in ("pat", "obi"):
        with pytest.raises(Rejected) as exc:
            room.do(c.SetRoomSettings(actor=who, lobby=True))
        assert exc.value.code is Code.FORBIDDEN
    assert not room.state.settings.lobby


def test_turning_the_lobby_on_sends_the_next_newcomer_to_it_and_off_lets_the_next_one_in() -> None:
    room = room_with(("fay", Role.FACILITATOR), ("pat", Role.PARTICIPANT))
    room.do(c.SetRoomSettings(actor="fay", lobby=True))
    assert room.state.members["pat"].admission is Admission.ADMITTED  # who is in stays in
    (knock,) = room.do(c.Join(actor="quin", name="Quin", role=Role.PARTICIPANT))
    assert isinstance(knock, e.MemberKnocked)
    room.do(c.SetRoomSettings(actor="fay", lobby=False))
    # Quin knocked before: still waiting for the facilitator (as after an unlock); the next walks in.
    assert room.state.members["quin"].admission is Admission.WAITING
    (joined,) = room.do(c.Join(actor="ria", name="Ria", role=Role.PARTICIPANT))
    assert isinstance(joined, e.MemberJoined)


def test_the_seats_go_up_and_down_within_the_limits_and_never_below_the_people_in_the_room() -> None:
    room = room_with(("fay", Role.FACILITATOR), ("pat", Role.PARTICIPANT), capacity=2)
    with pytest.raises(Rejected) as exc:
        room.do(c.Join(actor="quin", name="Quin", role=Role.PARTICIPANT))
    assert exc.value.code is Code.ROOM_FULL
    room.do(c.SetRoomSettings(actor="fay", capacity=3))
    room.do(c.Join(actor="quin", name="Quin", role=Role.PARTICIPANT))
    with pytest.raises(Rejected) as exc:
        room.do(c.SetRoomSettings(actor="fay", capacity=2))
    assert exc.value.code is Code.BAD_VALUE and "3 people are in the room" in exc.value.detail
    for bad in (1, 10_000):
        with pytest.raises(Rejected) as exc:
            room.do(c.SetRoomSettings(actor="fay", capacity=bad))
        assert exc.value.code is Code.BAD_VALUE
    assert room.state.settings.capacity == 3


def test_a_new_reconnect_grace_holds_from_the_next_drop_on() -> None:
    room = standard_room(reconnect_grace=30.0)
    room.do(c.Disconnect(actor="pat"))
    room.do(c.SetRoomSettings(actor="fay", reconnect_grace=120.0))
    room.do(c.Disconnect(actor="quin"))
    room.wait(31)
    assert room.state.admitted("pat") is None  # dropped under the old grace
    assert room.state.members["quin"].presence is Presence.RECONNECTING
    with pytest.raises(Rejected) as exc:
        room.do(c.SetRoomSettings(actor="fay", reconnect_grace=-1.0))
    assert exc.value.code is Code.BAD_VALUE


def test_waiting_between_phases_switched_on_mid_agenda_keeps_the_next_phase_from_starting_by_itself() -> None:
    room = room_with(("fay", Role.FACILITATOR), ("pat", Role.PARTICIPANT), ("quin", Role.PARTICIPANT))
    room.do(a.LoadTemplate(actor="fay", toml=AGENDA))
    room.do(a.StartAgenda(actor="fay"))
    room.do(c.SetRoomSettings(actor="fay", wait_between_phases=True))
    for _ in range(2):
        speaker = room.state.floor.speaker
        assert speaker is not None
        room.do(f.FinishTurn(actor=speaker.member_id))
    room.wait(200)
    phase = current_phase(room.state)
    assert phase is not None and phase.id == "round" and room.state.agenda.status is AgendaStatus.OVERTIME
    room.do(a.SkipPhase(actor="fay"))
    phase = current_phase(room.state)
    assert phase is not None and phase.id == "talk"


def test_hidden_totals_are_chosen_between_votes_not_during_one() -> None:
    room = standard_room()
    room.do(r.WriteCard(actor="pat", prompt="", text="Ship smaller"))
    room.do(r.OpenVoting(actor="fay", budget=3, per_card=1))
    with pytest.raises(Rejected) as exc:
        room.do(c.SetRoomSettings(actor="fay", vote_totals_hidden=True))
    assert exc.value.code is Code.WRONG_STATE
    # Other settings may still change while a vote runs.
    room.do(c.SetRoomSettings(actor="fay", lobby=True))
    room.do(r.CloseVoting(actor="fay"))
    room.do(c.SetRoomSettings(actor="fay", vote_totals_hidden=True))
    room.do(r.OpenVoting(actor="fay", budget=3, per_card=1))
    (vote,) = room.do(r.CastVote(actor="quin", card_id="c1"))
    assert isinstance(vote, re_.VoteChanged) and vote.total_hidden
