"""Each small group's own hand queue and talking stick, when the phase asks for them (`group_floor`)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.codec import to_wire
from rooms import Rejected, RoomState, apply, views
from rooms.agenda import commands as a
from rooms.agenda import current_phase
from rooms.agenda.groups import participants
from rooms.floor import airtime_report
from rooms.floor import commands as f
from rooms.floor import events as fe
from rooms.floor.state import TurnEndReason
from rooms.floor.turns import on_floor
from rooms.floor.where import floor_key
from rooms.membership.commands import Leave
from rooms.spaces import commands as c
from rooms.spaces.where import viewer_for
from rooms.speech.commands import MeasureSpeech, Segment
from rooms.speech.groups import speaking_in
from server.log.codec import decode_event, decode_state, encode_event, encode_state
from tests.rooms.room import Room


def agenda(group_floor: str, turn_seconds: int = 0) -> str:
    return f"""
[[phases]]
id = "triads"
title = "Triads"
mode = "pairs"
group_size = 3
minutes = 10
group_floor = "{group_floor}"
turn_seconds = {turn_seconds}
warning_seconds = 10
grace_seconds = 5

[[phases]]
id = "all"
title = "All"
minutes = 5
"""


def triads(group_floor: str, participants: int = 6, turn_seconds: int = 0) -> Room:
    """Two triads (p1-p3 in s1, p4-p6 in s2), just started."""
    room = Room(participants=participants)
    room.do(a.LoadTemplate(actor="fac", toml=agenda(group_floor, turn_seconds)))
    room.do(a.StartAgenda(actor="fac"))
    return room


def speaker(room: Room, key: str) -> str | None:
    floor = room.state.floor.spaces[key] if key else room.state.floor
    return None if floor.speaker is None else floor.speaker.member_id


def queue(room: Room, key: str) -> list[str]:
    return (room.state.floor.spaces[key] if key else room.state.floor).queue()


def seen(room: Room, member: str, ev: Any) -> Any:
    viewer = viewer_for(room.state, member)
    assert viewer is not None
    out = views.view_event(ev, viewer)
    return None if isinstance(out, views.Redacted) else to_wire(out)


def snapshot_floor(room: Room, member: str) -> Any:
    viewer = viewer_for(room.state, member)
    assert viewer is not None
    return to_wire(views.view_state(room.state, viewer))["floor"]


def test_without_group_floor_the_groups_share_the_main_rooms_queue() -> None:
    room = triads("none")
    assert room.state.floor.spaces == {}
    room.do(f.RaiseHand(actor="p1"))
    assert queue(room, "") == ["p1"]


def test_each_group_gets_its_own_floor_and_a_hand_raised_in_a_group_queues_there() -> None:
    room = triads("hands")
    assert list(room.state.floor.spaces) == ["s1", "s2"]
    [raised, *_] = room.do(f.RaiseHand(actor="p2"))
    assert isinstance(raised, fe.HandRaised) and raised.space == "s1"
    # The group's floor was free: its first hand speaks (no facilitator needed in a group).
    assert speaker(room, "s1") == "p2"
    room.do(f.RaiseHand(actor="p3"))
    room.do(f.RaiseHand(actor="p5"))
    assert queue(room, "s1") == ["p3"] and queue(room, "s2") == [] and speaker(room, "s2") == "p5"
    assert queue(room, "") == [] and room.state.floor.speaker is None  # the main room's floor is untouched
    # The speaker is done: the stick passes within the group, to its next hand.
    room.do(f.FinishTurn(actor="p2"))
    assert speaker(room, "s1") == "p3" and queue(room, "s1") == []
    room.do(f.FinishTurn(actor="p3"))
    assert speaker(room, "s1") is None


def test_a_group_turn_uses_the_phases_time_box() -> None:
    room = triads("hands", turn_seconds=60)
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.RaiseHand(actor="p2"))
    turn = room.state.floor.spaces["s1"].speaker
    assert turn is not None and turn.ends_at == room.now + 60 and turn.warn_at == room.now + 50
    fired = room.advance(65)
    assert [type(x).__name__ for x in fired if getattr(x, "space", None) == "s1"][:3] == [
        "TurnWarned",
        "TurnTimeUp",
        "TurnEnded",
    ]
    assert speaker(room, "s1") == "p2"


def test_each_group_runs_its_own_talking_stick_on_its_own_timer() -> None:
    room = triads("stick", participants=5)  # a triad and a pair: the pair's turns are longer
    s1, s2 = room.state.floor.spaces["s1"], room.state.floor.spaces["s2"]
    assert s1.stick is not None and s1.stick.order == ["p1", "p2", "p3"] and s1.stick.turn_seconds == 200
    assert s2.stick is not None and s2.stick.order == ["p4", "p5"] and s2.stick.turn_seconds == 300
    assert speaker(room, "s1") == "p1" and speaker(room, "s2") == "p4"
    room.advance(205)  # the triad's first turn is over after its grace; the pair's goes on
    assert speaker(room, "s1") == "p2" and speaker(room, "s2") == "p4"
    room.do(f.Pass(actor="p2"))
    assert speaker(room, "s1") == "p3"
    room.do(f.FinishTurn(actor="p4"))
    assert speaker(room, "s2") == "p5"
    room.do(f.FinishTurn(actor="p3"))
    # The triad's round is done: its floor is open; the phase goes on (a group's round is not the phase's).
    assert room.state.floor.spaces["s1"].stick is None
    phase = current_phase(room.state)
    assert phase is not None and phase.id == "triads"


def test_a_facilitator_visiting_a_group_acts_on_its_floor_and_gives_the_floor_anywhere() -> None:
    room = triads("hands")
    room.do(f.RaiseHand(actor="p1"))
    room.do(f.RaiseHand(actor="p2"))
    with pytest.raises(Rejected):
        room.do(f.EndTurn(actor="fac"))  # from the main room: nobody speaks there
    room.do(c.VisitGroup(actor="fac", space_id="s1"))
    assert floor_key(room.state, "fac") == "s1"
    room.do(f.EndTurn(actor="fac"))
    assert speaker(room, "s1") == "p2"
    room.do(c.EndVisit(actor="fac"))
    room.do(f.GiveFloor(actor="fac", target="p6", seconds=30))  # from the overview
    assert speaker(room, "s2") == "p6" and room.state.floor.speaker is None


def test_a_groups_floor_is_seen_by_its_members_and_the_facilitators_only() -> None:
    room = triads("hands")
    [raised, lowered, started] = room.do(f.RaiseHand(actor="p1"))
    for ev in (raised, lowered, started):
        assert seen(room, "p2", ev) is not None and seen(room, "fac", ev) is not None
        assert seen(room, "p4", ev) is None
    assert set(snapshot_floor(room, "p4")["spaces"]) == {"s2"}
    assert set(snapshot_floor(room, "p1")["spaces"]) == {"s1"}
    assert set(snapshot_floor(room, "fac")["spaces"]) == {"s1", "s2"}


def test_someone_moved_takes_their_hand_and_turn_and_joins_the_new_groups_round() -> None:
    room = triads("stick")
    room.do(f.RaiseHand(actor="p2"))
    room.do(c.MoveToGroup(actor="fac", member_id="p1", space_id="s2"))  # p1 held s1's stick
    s1, s2 = room.state.floor.spaces["s1"], room.state.floor.spaces["s2"]
    assert s1.speaker is not None and s1.speaker.member_id == "p2"
    assert s2.stick is not None and s2.stick.order == ["p4", "p5", "p6", "p1"]
    # p3 moves too: p2, left alone, is merged into s2 with their turn (and s1's round) over.
    room.do(c.MoveToGroup(actor="fac", member_id="p3", space_id="s2"))
    assert s2.stick.order == ["p4", "p5", "p6", "p1", "p3", "p2"]
    assert s1.speaker is None and s1.stick is None and s1.hands == []


def test_a_moved_speakers_turn_ends_as_moved() -> None:
    room = triads("hands")
    room.do(f.RaiseHand(actor="p1"))
    events = room.do(c.MoveToGroup(actor="fac", member_id="p1", space_id="s2"))
    ended = [x for x in events if isinstance(x, fe.TurnEnded)]
    assert [(x.member_id, x.reason, x.space) for x in ended] == [("p1", TurnEndReason.MOVED, "s1")]


def test_when_the_groups_return_their_floors_end_cleanly_and_airtime_is_kept() -> None:
    room = triads("stick")
    room.do(f.RaiseHand(actor="p6"))
    room.advance(100)
    room.do(c.CallGroupsBack(actor="fac"))
    events = room.advance(60)
    kinds = [type(x).__name__ for x in events]
    assert kinds.count("FloorClosed") == 2
    assert kinds.index("FloorClosed") < kinds.index("PhaseStarted")
    assert room.state.floor.spaces == {}
    report = {m.member_id: m.total_seconds for m in airtime_report(room.state, room.now).members}
    assert report["p1"] == pytest.approx(100 + room.state.spaces.grace) and report["p4"] == report["p1"]


# -- properties ------------------------------------------------------------------------------------

PEOPLE = [f"p{i}" for i in range(1, 9)]

KINDS = "join leave move reshuffle visit unvisit raise lower finish pass call end give wait extend pause resume"
KINDS += " call_back skip"

step = st.tuples(
    st.sampled_from(KINDS.split()),
    st.sampled_from([*PEOPLE, "fac"]),
    st.integers(min_value=1, max_value=4),
    st.floats(min_value=1, max_value=120),
)


def act(room: Room, kind: str, who: str, group: int, seconds: float) -> None:
    person = who if who != "fac" else "p1"
    commands: dict[str, Any] = {
        "leave": lambda: Leave(actor=person),
        "move": lambda: c.MoveToGroup(actor="fac", member_id=person, space_id=f"s{group}"),
        "reshuffle": lambda: c.ReshuffleGroups(actor="fac"),
        "visit": lambda: c.VisitGroup(actor="fac", space_id=f"s{group}"),
        "unvisit": lambda: c.EndVisit(actor="fac"),
        "raise": lambda: f.RaiseHand(actor=who),
        "lower": lambda: f.LowerHand(actor=who),
        "finish": lambda: f.FinishTurn(actor=who),
        "pass": lambda: f.Pass(actor=who),
        "call": lambda: f.CallNext(actor="fac"),
        "end": lambda: f.EndTurn(actor="fac"),
        "give": lambda: f.GiveFloor(actor="fac", target=person, seconds=seconds),
        "extend": lambda: a.ExtendPhase(actor="fac", seconds=seconds),
        "pause": lambda: a.PauseAgenda(actor="fac"),
        "resume": lambda: a.ResumeAgenda(actor="fac"),
        "call_back": lambda: c.CallGroupsBack(actor="fac"),
        "skip": lambda: a.SkipPhase(actor="fac"),
    }
    try:
        if kind == "join":
            if room.state.admitted(person) is None:
                room.join(person)
        elif kind == "wait":
            room.advance(seconds)
        else:
            room.do(commands[kind]())
    except Rejected:
        pass


def check_floors(room: Room) -> None:
    open_ids = [s.id for s in room.state.spaces.open]
    phase = current_phase(room.state)
    if open_ids and phase is not None and phase.group_floor.value != "none":
        assert list(room.state.floor.spaces) == open_ids, "each group has its own floor while the groups are out"
    if not open_ids:
        assert room.state.floor.spaces == {}, "no group's floor outlives the return"
    for key, floor in room.state.floor.spaces.items():
        if floor.speaker is not None:
            assert on_floor(room.state, key, floor.speaker.member_id), "a group's speaker is in the group"
        for m in floor.queue():
            assert on_floor(room.state, key, m), "a hand in a group's queue is in the group"
        if floor.stick is not None:
            assert floor.speaker is not None and floor.speaker.stick, "a running round always has its holder"
    assert set(participants(room.state)) >= {m for s in room.state.spaces.open for m in s.members}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["hands", "stick"]), st.integers(min_value=2, max_value=7), st.lists(step, max_size=30))
def test_group_floors_follow_the_groups_and_replay_gives_the_live_state(
    group_floor: str, start_with: int, steps: list[tuple[str, str, int, float]]
) -> None:
    room = triads(group_floor, participants=start_with, turn_seconds=40)
    for kind, who, group, seconds in steps:
        act(room, kind, who, group, seconds)
        check_floors(room)
    try:
        room.do(a.ResumeAgenda(actor="fac"))
    except Rejected:
        pass
    room.advance(3600)
    assert room.state.floor.spaces == {} and room.state.spaces.open == []
    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, decode_event(*encode_event(ev)))
    assert replayed == room.state
    assert decode_state(encode_state(room.state)) == room.state


# -- who is speaking in every group (the facilitator's overview) ------------------------------------


def test_the_overview_knows_who_speaks_in_every_group_from_the_listener() -> None:
    room = triads("none")
    t = room.now
    room.now = t + 2
    room.do(
        MeasureSpeech(
            actor="",
            listener="L1",
            start=t,
            end=t + 2,
            segments=[Segment("p2", t + 1, t + 2, True), Segment("p5", t, t + 2, True), Segment("p6", t, t + 1)],
        )
    )
    assert speaking_in(room.state, "s1") == ["p2"]
    assert speaking_in(room.state, "s2") == ["p5"]  # p6 stopped within the window
    assert speaking_in(room.state, "") == []


def test_a_visiting_facilitator_who_leaves_the_group_takes_their_hand_and_turn_along() -> None:
    room = triads("hands")
    room.do(c.VisitGroup(actor="fac", space_id="s1"))
    room.do(f.RaiseHand(actor="fac"))  # the group's floor was free: the facilitator speaks
    room.do(f.RaiseHand(actor="p1"))
    assert speaker(room, "s1") == "fac" and queue(room, "s1") == ["p1"]
    room.do(c.VisitGroup(actor="fac", space_id="s2"))  # straight on to the next group
    assert speaker(room, "s1") == "p1" and queue(room, "s1") == []
    assert floor_key(room.state, "fac") == "s2" and speaker(room, "s2") is None


def test_pausing_the_agenda_freezes_every_groups_turn() -> None:
    room = triads("stick")
    room.advance(30)
    room.do(a.PauseAgenda(actor="fac"))
    room.advance(500)
    assert speaker(room, "s1") == "p1" and speaker(room, "s2") == "p4"
    room.do(a.ResumeAgenda(actor="fac"))
    room.advance(175)  # 200 s turns: 30 before the pause, 170 after, then the 5 s grace
    assert speaker(room, "s1") == "p2" and speaker(room, "s2") == "p5"
