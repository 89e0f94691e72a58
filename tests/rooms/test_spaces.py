"""Spaces core: each small group gets its own space, people come and go, the timed return, the harvest."""

from __future__ import annotations

from typing import Any

import pytest

from protocol.codec import to_wire
from rooms import Rejected, views
from rooms.agenda import commands as a
from rooms.agenda import current_phase
from rooms.board import commands as b
from rooms.board.state import Element, ElementKind
from rooms.errors import Code
from rooms.reflections import commands as r
from rooms.reflections.phase import current_mode
from rooms.spaces import commands as c
from rooms.spaces import events as e
from rooms.spaces.state import DEFAULT_GRACE
from rooms.spaces.where import members_in, space_of, viewer_for
from rooms.state import Role
from tests.rooms.room import Room


def pairs_room(participants: int = 6) -> Room:
    """1-2-4-All with `participants`, a minute in: the pairs phase has just begun."""
    room = Room(template="1-2-4-all", participants=participants)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(60)
    assert phase(room) == "two"
    return room


def phase(room: Room) -> str | None:
    p = current_phase(room.state)
    return None if p is None else p.id


def groups(room: Room) -> list[list[str]]:
    return [list(s.members) for s in room.state.spaces.open if s.members]


def seen(room: Room, member: str, ev: Any) -> Any:
    viewer = viewer_for(room.state, member)
    assert viewer is not None
    out = views.view_event(ev, viewer)
    return None if isinstance(out, views.Redacted) else to_wire(out)  # Redacted: a placeholder, nothing seen


def snapshot(room: Room, member: str) -> Any:
    viewer = viewer_for(room.state, member)
    assert viewer is not None
    return to_wire(views.view_state(room.state, viewer))


def prompt(room: Room) -> str:
    """The prompt a card answers now (a pairs phase's own prompt when it has no reflection columns)."""
    prompts = current_mode(room.state).prompts
    return prompts[0] if prompts else ""


def sticky(eid: str, text: str) -> Element:
    return Element(id=eid, kind=ElementKind.STICKY, x=1, y=2, w=100, h=80, text=text)


def test_a_pairs_phase_gives_each_pair_its_own_space() -> None:
    room = pairs_room(6)
    assert groups(room) == [["p1", "p2"], ["p3", "p4"], ["p5", "p6"]]
    assert [space_of(room.state, p) for p in ("p1", "p2", "p3", "p5")] == ["s1", "s1", "s2", "s3"]
    assert space_of(room.state, "fac") == ""  # the facilitator stays in the main room
    assert members_in(room.state, "s2") == ["p3", "p4"]


def test_odd_numbers_make_a_trio() -> None:
    room = pairs_room(5)
    assert groups(room) == [["p1", "p2", "p3"], ["p4", "p5"]]


def test_a_latecomer_joins_the_smallest_group() -> None:
    room = pairs_room(5)
    room.join("late")
    assert groups(room) == [["p1", "p2", "p3"], ["p4", "p5", "late"]]
    [changed] = [ev for ev in room.log if isinstance(ev, e.GroupsChanged)]
    assert (changed.reason, changed.member_id) == (e.GroupChange.JOINED, "late")


def test_a_leaver_leaves_their_group_and_a_group_of_one_is_merged() -> None:
    room = pairs_room(6)
    room.leave("p3")
    # p4 would be alone: they join the smallest other group.
    assert groups(room) == [["p1", "p2", "p4"], ["p5", "p6"]]
    assert space_of(room.state, "p4") == "s1"
    assert [g.members for g in room.state.agenda.groups] == [["p1", "p2", "p4"], ["p5", "p6"]]


def test_a_facilitator_arranges_the_groups_by_hand_before_the_phase() -> None:
    room = Room(template="1-2-4-all", participants=6)
    room.do(c.ArrangeGroups(actor="fac", groups=[["p1", "p6"], ["p2", "p5"], ["p3"]]))
    room.do(a.StartAgenda(actor="fac"))
    room.leave("p5")
    room.advance(60)
    # p5 left (dropped); p4, not placed, joins the smallest group (p2's); p3 alone joins the first pair.
    assert groups(room) == [["p1", "p6", "p3"], ["p2", "p4"]]
    assert room.state.spaces.arranged == []  # used up: the next small-group phase forms its own


def test_arranging_someone_who_is_not_a_participant_is_refused_and_changes_nothing() -> None:
    room = Room(template="1-2-4-all", participants=2)
    with pytest.raises(Rejected) as refused:
        room.do(c.ArrangeGroups(actor="fac", groups=[["p1", "fac"]]))
    assert refused.value.code is Code.NO_SUCH_MEMBER
    with pytest.raises(Rejected) as twice:
        room.do(c.ArrangeGroups(actor="fac", groups=[["p1", "p2"], ["p2"]]))
    assert twice.value.code is Code.BAD_VALUE
    assert room.state.spaces.arranged == []


def test_a_facilitator_moves_a_person_between_groups() -> None:
    room = pairs_room(6)
    room.do(c.MoveToGroup(actor="fac", member_id="p1", space_id="s3"))
    # p2 would be alone in s1: merged into the smallest other group (s2).
    assert room.state.spaces.space("s3").members == ["p5", "p6", "p1"]  # type: ignore[union-attr]
    assert room.state.spaces.space("s2").members == ["p3", "p4", "p2"]  # type: ignore[union-attr]
    assert room.state.spaces.space("s1").members == []  # type: ignore[union-attr]
    with pytest.raises(Rejected) as refused:
        room.do(c.MoveToGroup(actor="fac", member_id="p1", space_id="s9"))
    assert refused.value.code is Code.NOT_FOUND


def test_a_reshuffle_mixes_the_groups_and_keeps_everyone_in_one() -> None:
    room = pairs_room(6)
    room.do(c.ReshuffleGroups(actor="fac"))
    assert groups(room) == [["p1", "p3"], ["p5", "p2"], ["p4", "p6"]]


def test_moving_people_outside_a_small_group_phase_is_refused() -> None:
    room = Room(template="1-2-4-all", participants=4)
    room.do(a.StartAgenda(actor="fac"))
    with pytest.raises(Rejected) as refused:
        room.do(c.MoveToGroup(actor="fac", member_id="p1", space_id="s1"))
    assert refused.value.code is Code.WRONG_STATE


def test_a_facilitator_visits_a_group_and_leaves_it() -> None:
    room = pairs_room(4)
    room.do(c.VisitGroup(actor="fac", space_id="s2"))
    assert space_of(room.state, "fac") == "s2"
    assert room.state.spaces.space("s2").visitors == ["fac"]  # type: ignore[union-attr]
    room.do(c.VisitGroup(actor="fac", space_id="s1"))  # one group at a time
    assert room.state.spaces.space("s2").visitors == []  # type: ignore[union-attr]
    room.do(c.EndVisit(actor="fac"))
    assert space_of(room.state, "fac") == ""


def test_an_observer_picks_a_group_to_watch() -> None:
    room = pairs_room(4)
    room.join("obs", Role.OBSERVER)
    assert groups(room) == [["p1", "p2"], ["p3", "p4"]]  # observers are never grouped
    room.do(c.WatchGroup(actor="obs", space_id="s1"))
    assert space_of(room.state, "obs") == "s1"
    room.do(c.WatchGroup(actor="obs", space_id=""))
    assert space_of(room.state, "obs") == ""


def test_every_group_is_warned_then_gets_a_grace_then_everyone_returns() -> None:
    room = pairs_room(4)
    started = room.now
    fired = room.advance(120 + DEFAULT_GRACE)
    warned = [ev for ev in fired if isinstance(ev, e.GroupsWarned)]
    assert [(ev.at - started, ev.seconds_left) for ev in warned] == [(60, 60), (110, 10)]
    [back] = [ev for ev in fired if isinstance(ev, e.ReturnStarted)]
    assert (back.at - started, back.returns_at - started, back.reason) == (120, 130, e.ReturnReason.TIME_UP)
    [returned] = [ev for ev in fired if isinstance(ev, e.GroupsReturned)]
    assert returned.at - started == 130
    # The phase moved on only once the groups were back (then 1-2-4-All's foursomes open).
    assert phase(room) == "four"
    assert groups(room) == [["p1", "p2", "p3", "p4"]]


def test_nobody_returns_before_the_grace_is_over() -> None:
    room = pairs_room(4)
    room.advance(120 + DEFAULT_GRACE - 1)
    assert phase(room) == "two" and groups(room) == [["p1", "p2"], ["p3", "p4"]]


def test_the_facilitator_sets_the_warnings_and_the_grace() -> None:
    room = Room(template="1-2-4-all", participants=4)
    room.do(c.SetReturnTiming(actor="fac", warnings=[30, 5], grace=3))
    room.do(a.StartAgenda(actor="fac"))
    room.advance(60)
    started = room.now
    fired = room.advance(123)
    assert [ev.at - started for ev in fired if isinstance(ev, e.GroupsWarned)] == [90, 115]
    assert [ev.at - started for ev in fired if isinstance(ev, e.GroupsReturned)] == [123]
    with pytest.raises(Rejected):
        room.do(c.SetReturnTiming(actor="fac", warnings=[0], grace=3))


def test_extending_the_phase_moves_the_warnings_and_the_return_for_all() -> None:
    room = pairs_room(4)
    started = room.now
    room.advance(100)  # the 60 s warning was given
    room.do(a.ExtendPhase(actor="fac", seconds=60))
    fired = room.advance(200)
    warned = [ev.at - started for ev in fired if isinstance(ev, e.GroupsWarned)]
    assert warned == [120, 170]  # both warnings again, for the new end at 180
    assert [ev.at - started for ev in fired if isinstance(ev, e.GroupsReturned)] == [190]


def test_pausing_stops_the_groups_clock() -> None:
    room = pairs_room(4)
    room.do(a.PauseAgenda(actor="fac"))
    assert room.advance(1000) == []
    assert room.state.spaces.open


def test_calling_back_early_returns_everyone_after_the_grace_and_ends_the_phase() -> None:
    room = pairs_room(4)
    started = room.now
    room.advance(30)
    [back] = room.do(c.CallGroupsBack(actor="fac"))
    assert isinstance(back, e.ReturnStarted) and back.reason is e.ReturnReason.CALLED_BACK
    fired = room.advance(DEFAULT_GRACE)
    assert [ev.at - started for ev in fired if isinstance(ev, e.GroupsReturned)] == [30 + DEFAULT_GRACE]
    assert phase(room) == "four"


def test_an_announcement_reaches_every_group() -> None:
    room = pairs_room(4)
    [ev] = room.do(c.AnnounceToGroups(actor="fac", text="Two minutes, then swap"))
    assert all(seen(room, p, ev) is not None for p in ("p1", "p3"))


def test_skipping_the_phase_brings_the_groups_back_at_once() -> None:
    room = pairs_room(4)
    fired = room.do(a.SkipPhase(actor="fac"))
    assert room.types(fired)[:2] == ["GroupsReturned", "PhaseEnded"]


def test_a_groups_card_and_board_page_reach_only_the_group_and_the_facilitators() -> None:
    room = pairs_room(4)
    [card] = room.do(r.WriteCard(actor="p1", prompt=prompt(room), text="We both rush to fix"))
    [drawn] = room.do(b.AddElement(actor="p1", element=sticky("n1", "Pause first")))
    assert card.card.space == "s1" and drawn.element.space == "s1"  # type: ignore[attr-defined]
    for ev in (card, drawn):
        assert seen(room, "p2", ev) is not None
        assert seen(room, "fac", ev) is not None
        assert seen(room, "p3", ev) is None
    p3 = snapshot(room, "p3")
    assert p3["reflections"]["cards"] == [] and p3["board"]["elements"] == []
    assert len(snapshot(room, "p2")["board"]["elements"]) == 1


def test_someone_outside_a_group_cannot_touch_its_content() -> None:
    room = pairs_room(4)
    room.do(b.AddElement(actor="p1", element=sticky("n1", "ours")))
    [card] = room.do(r.WriteCard(actor="p1", prompt=prompt(room), text="ours"))
    cid = card.card.id  # type: ignore[attr-defined]
    for command in (
        b.UpdateElement(actor="p3", id="n1", base_version=1, patch=b.ElementPatch(text="theirs")),
        b.DeleteElement(actor="p3", id="n1"),
        r.CastVote(actor="p3", card_id=cid),
    ):
        with pytest.raises(Rejected) as refused:
            room.do(command)
        assert refused.value.code is Code.NOT_FOUND


def test_the_group_note_is_private_until_the_return_then_harvested_with_cards_and_board() -> None:
    room = pairs_room(4)
    [note] = room.do(c.WriteGroupNote(actor="p1", note="Silence is useful"))
    room.do(r.WriteCard(actor="p2", prompt=prompt(room), text="Listen longer"))
    room.do(b.AddElement(actor="p3", element=sticky("n2", "Ask, don't tell")))
    assert seen(room, "p3", note) is None and seen(room, "p2", note) is not None
    fired = room.advance(120 + DEFAULT_GRACE)
    [returned] = [ev for ev in fired if isinstance(ev, e.GroupsReturned)]
    view = seen(room, "p4", returned)
    by_label = {h["label"]: h for h in view["harvests"]}
    assert by_label["Group 1"]["note"] == "Silence is useful"
    assert [card["text"] for card in by_label["Group 1"]["cards"]] == ["Listen longer"]
    assert [el["text"] for el in by_label["Group 2"]["elements"]] == ["Ask, don't tell"]
    # Back in the main room everyone sees every group's harvest, in the snapshot too.
    p4 = snapshot(room, "p4")
    assert {h["label"] for h in p4["spaces"]["harvests"]} == {"Group 1", "Group 2"}
    assert [card["text"] for card in p4["reflections"]["cards"]] == ["Listen longer"]


def test_anonymity_holds_inside_groups_and_in_the_harvest() -> None:
    room = Room(template="1-2-4-all", participants=4)
    room.do(a.LoadTemplate(actor="fac", toml=ANONYMOUS_PAIRS))
    room.do(a.StartAgenda(actor="fac"))
    [card] = room.do(r.WriteCard(actor="p1", prompt=prompt(room), text="I was scared"))
    assert seen(room, "p2", card)["card"]["author"] is None
    assert seen(room, "fac", card)["card"]["author"] is None
    [returned] = [ev for ev in room.do(a.SkipPhase(actor="fac")) if isinstance(ev, e.GroupsReturned)]
    for who in ("fac", "p3", "p2"):
        assert seen(room, who, returned)["harvests"][0]["cards"][0]["author"] is None
    assert seen(room, "p1", returned)["harvests"][0]["cards"][0]["mine"] is True


ANONYMOUS_PAIRS = """
[[phases]]
id = "pairs"
title = "Pairs"
mode = "pairs"
group_size = 2
seconds = 120
anonymous = true

[[phases]]
id = "all"
title = "All"
seconds = 120
"""


def test_triad_roles_rotate_inside_each_group_and_follow_a_move() -> None:
    room = Room(template="coaching-triad", participants=6)
    room.do(a.StartAgenda(actor="fac"))
    room.advance(180)
    roles = room.state.agenda.roles
    assert [roles[p] for p in ("p1", "p2", "p3", "p4")] == ["speaker", "coach", "observer", "speaker"]
    room.advance(12 * 60)
    roles = room.state.agenda.roles
    assert [roles[p] for p in ("p1", "p2", "p3", "p4")] == ["coach", "observer", "speaker", "coach"]
    room.join("p7")  # a latecomer makes a foursome: the roles go round it too
    assert room.state.spaces.space("s1").members == ["p1", "p2", "p3", "p7"]  # type: ignore[union-attr]
    assert room.state.agenda.roles["p7"] == "coach"


def test_replaying_the_log_rebuilds_the_spaces_exactly() -> None:
    room = pairs_room(5)
    room.join("late")
    room.do(c.VisitGroup(actor="fac", space_id="s2"))
    room.do(c.WriteGroupNote(actor="p1", note="x"))
    room.leave("p2")
    room.advance(100)
    from rooms import RoomState, apply

    replayed = RoomState(room_id=room.state.room_id)
    for ev in room.log:
        apply(replayed, ev)
    assert replayed == room.state


def test_someone_typing_in_a_group_is_news_for_that_group_only() -> None:
    room = pairs_room(4)
    [typing] = room.do(a.MarkTyping(actor="p1"))
    others_view = {"at": room.now, "member_id": "", "until": typing.until, "space": typing.space}  # type: ignore[attr-defined]
    assert seen(room, "p2", typing) == others_view  # the typist's own group, without the typist
    assert seen(room, "p3", typing) is None
    assert snapshot(room, "p3")["agenda"]["typing"] == {}
    assert snapshot(room, "p2")["agenda"]["typing"] == {"": typing.until}  # type: ignore[attr-defined]


def test_only_facilitators_see_how_the_groups_were_arranged() -> None:
    room = Room(template="1-2-4-all", participants=2)
    [ev] = room.do(c.ArrangeGroups(actor="fac", groups=[["p2", "p1"]]))
    assert seen(room, "fac", ev)["groups"] == [["p2", "p1"]]
    assert seen(room, "p1", ev)["groups"] == []
    assert snapshot(room, "p1")["spaces"]["arranged"] == []
