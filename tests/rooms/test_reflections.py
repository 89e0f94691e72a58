"""Reflections core: cards and their anonymity, hidden cards and reveal, prompts from the phase,
grouping, dot voting, action items, and the room's next session."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from rooms import CORE, Rejected, Role, RoomState, views
from rooms.agenda import commands as a
from rooms.board import commands as b
from rooms.board.state import Element, ElementKind
from rooms.errors import Code
from rooms.floor import commands as f
from rooms.reflections import commands as r
from rooms.reflections import events as re_
from rooms.reflections.views import PROJECTED
from rooms.sessions.commands import StartNextSession
from server.log.codec import decode_state, encode_state
from tests.rooms.shared_room import refused, room_with, run, wire

P = Role.PARTICIPANT


def group_room() -> RoomState:
    return room_with(fac=Role.FACILITATOR, ana=P, ben=P, obs=Role.OBSERVER)


def seen_by(state: RoomState, member: str) -> dict:  # type: ignore[type-arg]
    m = state.members[member]
    return wire(views.view_state(state, views.Viewer(member, m.role)))["reflections"]  # type: ignore[no-any-return]


def event_seen_by(state: RoomState, ev: object, member: str) -> object:
    return wire(views.view_event(ev, views.Viewer(member, state.members[member].role)))  # type: ignore[arg-type]


def test_a_named_card_shows_its_author_to_everyone() -> None:
    s = group_room()
    [ev] = run(s, r.WriteCard(actor="ana", prompt="", text="We shipped late"))
    assert event_seen_by(s, ev, "ben")["card"]["author"] == "ana"  # type: ignore[index]
    assert seen_by(s, "fac")["cards"][0]["author"] == "ana"


def test_an_anonymous_card_names_nobody_not_even_to_the_facilitator() -> None:
    s = group_room()
    run(s, r.SetAnonymous(actor="fac", anonymous=True))
    [ev] = run(s, r.WriteCard(actor="ana", prompt="", text="I felt unheard"))
    assert s.reflections.cards["c1"].author == "ana"  # the server knows, so ana can edit it
    for member in ("fac", "ben", "obs"):
        card = event_seen_by(s, ev, member)["card"]  # type: ignore[index]
        assert card["author"] is None and card["mine"] is False and card["anonymous"] is True
        assert "ana" not in str(card)
        assert "ana" not in str(seen_by(s, member)["cards"])
    assert event_seen_by(s, ev, "ana")["card"]["mine"] is True  # type: ignore[index]
    assert seen_by(s, "ana")["cards"][0]["mine"] is True


def test_every_reflections_event_that_names_a_member_is_projected_per_viewer() -> None:
    named = {
        t
        for t in vars(re_).values()
        if isinstance(t, type) and dataclasses.is_dataclass(t) and issubclass(t, re_.Event)
        for f in dataclasses.fields(t)
        if f.name in ("author", "voter", "card", "cards")
    }
    assert named == set(PROJECTED)
    assert all(t in CORE.event_views for t in PROJECTED)


def test_authors_edit_and_delete_only_their_own_cards() -> None:
    s = group_room()
    run(s, r.WriteCard(actor="ana", prompt="", text="draft"))
    assert refused(s, r.EditCard(actor="ben", card_id="c1", text="mine now")) == Code.FORBIDDEN
    assert refused(s, r.DeleteCard(actor="fac", card_id="c1")) == Code.FORBIDDEN
    run(s, r.EditCard(actor="ana", card_id="c1", text="final"))
    assert s.reflections.cards["c1"].text == "final"
    run(s, r.DeleteCard(actor="ana", card_id="c1"))
    assert s.reflections.cards == {}


def test_card_text_is_required_and_limited() -> None:
    s = group_room()
    assert refused(s, r.WriteCard(actor="ana", prompt="", text="  ")) == Code.BAD_VALUE
    assert refused(s, r.WriteCard(actor="ana", prompt="", text="x" * 1001)) == Code.TOO_LONG
    assert refused(s, r.WriteCard(actor="obs", prompt="", text="watching")) == Code.FORBIDDEN


def test_hidden_cards_show_their_text_to_their_author_until_revealed() -> None:
    s = group_room()
    run(s, r.SetCardsHidden(actor="fac", hidden=True))
    [written] = run(s, r.WriteCard(actor="ana", prompt="", text="secret until reveal"))
    assert event_seen_by(s, written, "ben")["card"]["text"] == ""  # type: ignore[index]
    assert event_seen_by(s, written, "fac")["card"]["text"] == ""  # type: ignore[index]
    assert event_seen_by(s, written, "ana")["card"]["text"] == "secret until reveal"  # type: ignore[index]
    [edited] = run(s, r.EditCard(actor="ana", card_id="c1", text="still secret"))
    assert event_seen_by(s, edited, "ben") == {}  # a Redacted placeholder: ben's stream has no gap
    assert views.event_type(edited, views.view_event(edited, views.Viewer("ben", Role.PARTICIPANT))) == "Redacted"
    assert refused(s, r.MoveCard(actor="ben", card_id="c1", group_id="")) == Code.WRONG_STATE
    [revealed] = run(s, r.RevealCards(actor="fac"))
    assert event_seen_by(s, revealed, "ben")["cards"][0]["text"] == "still secret"  # type: ignore[index]
    assert seen_by(s, "ben")["cards"][0]["text"] == "still secret"
    assert run(s, r.RevealCards(actor="fac")) == []


def test_only_facilitators_set_prompts_anonymity_hiding_and_reveal() -> None:
    s = group_room()
    for cmd in (
        r.SetReflectionPrompts(actor="ana", prompts=["a"]),
        r.SetAnonymous(actor="ana", anonymous=True),
        r.SetCardsHidden(actor="ana", hidden=True),
        r.RevealCards(actor="ana"),
        r.OpenVoting(actor="ana"),
    ):
        assert refused(s, cmd) == Code.FORBIDDEN


def test_cards_answer_one_of_the_current_prompts() -> None:
    s = group_room()
    run(s, r.SetReflectionPrompts(actor="fac", prompts=["Start", "Stop", "Continue"]))
    assert seen_by(s, "ana")["prompts"] == ["Start", "Stop", "Continue"]
    assert refused(s, r.WriteCard(actor="ana", prompt="Other", text="x")) == Code.BAD_VALUE
    run(s, r.WriteCard(actor="ana", prompt="Stop", text="Long meetings"))
    assert s.reflections.cards["c1"].prompt == "Stop"


def test_the_phase_supplies_prompts_and_anonymity_and_the_facilitator_overrides_it_for_that_phase() -> None:
    aar = ["What was supposed to happen?", "What actually happened?", "Why was there a difference?"]
    s = group_room()
    run(s, a.AddPhase(actor="fac", title="Review", anonymous=True, prompts=aar, seconds=600))
    run(s, a.AddPhase(actor="fac", title="Check out", anonymous=True, prompt="Check out: one word", seconds=600))
    run(s, a.StartAgenda(actor="fac"))
    assert seen_by(s, "ana")["prompts"] == aar and seen_by(s, "ana")["anonymous"] is True
    run(s, r.WriteCard(actor="ana", prompt=aar[2], text="Nobody owned the handover"))
    assert s.reflections.cards["c1"].anonymous
    run(s, r.SetAnonymous(actor="fac", anonymous=False))
    run(s, r.WriteCard(actor="ben", prompt=aar[0], text="Ship Friday"))
    assert not s.reflections.cards["c2"].anonymous
    run(s, a.SkipPhase(actor="fac"))
    assert seen_by(s, "ana")["prompts"] == ["Check out: one word"]
    assert seen_by(s, "ana")["anonymous"] is True  # the override was for the first phase only


def test_groups_gather_cards_and_keep_notes() -> None:
    s = group_room()
    run(s, r.WriteCard(actor="ana", prompt="", text="a"))
    run(s, r.CreateGroup(actor="ben", name="Handover"))
    gid = next(iter(s.reflections.groups))
    assert gid.startswith("g")
    run(s, r.MoveCard(actor="ben", card_id="c1", group_id=gid))
    run(s, r.SetGroupNote(actor="ana", group_id=gid, note="Agree it a day earlier"))
    run(s, r.RenameGroup(actor="fac", group_id=gid, name="Handovers"))
    assert (s.reflections.cards["c1"].group, s.reflections.groups[gid].name) == (gid, "Handovers")
    assert refused(s, r.MoveCard(actor="ben", card_id="c1", group_id="g99")) == Code.NOT_FOUND
    run(s, r.DeleteGroup(actor="fac", group_id=gid))
    assert s.reflections.cards["c1"].group == ""


def test_dot_voting_keeps_to_the_budget_and_the_per_card_cap_and_shows_others_only_totals() -> None:
    s = group_room()
    for text in ("one", "two", "three"):
        run(s, r.WriteCard(actor="ana", prompt="", text=text))
    assert refused(s, r.CastVote(actor="ben", card_id="c1")) == Code.WRONG_STATE
    run(s, r.OpenVoting(actor="fac", budget=3, per_card=2))
    run(s, r.CastVote(actor="ben", card_id="c1"))
    [ev] = run(s, r.CastVote(actor="ben", card_id="c1"))
    assert refused(s, r.CastVote(actor="ben", card_id="c1")) == Code.LIMIT
    run(s, r.CastVote(actor="ben", card_id="c2"))
    assert refused(s, r.CastVote(actor="ben", card_id="c3")) == Code.LIMIT
    run(s, r.CastVote(actor="ana", card_id="c1"))
    assert event_seen_by(s, ev, "ana") == {"at": ev.at, "card_id": "c1", "total": 2, "mine": None}  # type: ignore[attr-defined]
    assert event_seen_by(s, ev, "ben")["mine"] == 2  # type: ignore[index]
    cards = {c["id"]: c for c in seen_by(s, "fac")["cards"]}
    assert (cards["c1"]["votes"], cards["c1"]["my_votes"]) == (3, 0)
    assert seen_by(s, "ben")["voting"]["my_dots_left"] == 0
    run(s, r.RetractVote(actor="ben", card_id="c2"))
    assert refused(s, r.RetractVote(actor="ben", card_id="c2")) == Code.WRONG_STATE
    run(s, r.CloseVoting(actor="fac"))
    assert refused(s, r.CastVote(actor="ben", card_id="c3")) == Code.WRONG_STATE
    assert s.reflections.totals() == {"c1": 3}


def test_action_items_have_an_owner_a_due_date_and_a_status() -> None:
    s = group_room()
    run(s, r.AddActionItem(actor="ana", text="Write the checklist", owner="Ana", due="2026-12-01"))
    assert refused(s, r.AddActionItem(actor="ana", text="x", due="next week")) == Code.BAD_VALUE
    run(s, r.UpdateActionItem(actor="ben", item_id="a1", status=r.ActionStatus.DONE))
    item = s.reflections.action_items["a1"]
    assert (item.owner, item.due, item.status.value, item.session) == ("Ana", "2026-12-01", "done", 1)


def test_the_next_session_keeps_open_action_items_and_starts_everything_else_afresh() -> None:
    s = group_room()
    run(s, r.WriteCard(actor="ana", prompt="", text="card"))
    run(s, b.AddElement(actor="ana", element=Element(id="x", kind=ElementKind.RECT, w=1, h=1)))
    run(s, a.LoadTemplate(actor="fac", name="check-in"))
    run(s, a.StartAgenda(actor="fac"))
    run(s, f.RaiseHand(actor="ben"))
    run(s, r.AddActionItem(actor="ana", text="Open thing", owner="Ana"))
    run(s, r.AddActionItem(actor="ana", text="Done thing"))
    run(s, r.UpdateActionItem(actor="ana", item_id="a3", status=r.ActionStatus.DONE))
    assert refused(s, StartNextSession(actor="ana")) == Code.FORBIDDEN
    run(s, StartNextSession(actor="fac"))
    assert s.session == 2
    assert s.reflections.cards == {} and s.board.elements == {}
    assert s.agenda.phases and s.agenda.index == -1 and s.agenda.template == "check-in"
    assert s.floor.hands == [] and s.floor.airtime == {} and s.floor.stick is None
    seen = seen_by(s, "ben")
    assert [i["text"] for i in seen["action_items"]] == ["Open thing"]
    assert seen["carried_over"] == ["a2"]
    run(s, r.WriteCard(actor="ana", prompt="", text="new"))
    assert "c4" in s.reflections.cards  # ids keep counting: no clash with carried items


votes = st.lists(st.tuples(st.sampled_from(["ana", "ben", "fac"]), st.booleans(), st.integers(1, 4)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), votes)
def test_dot_votes_never_exceed_budget_or_cap_and_totals_add_up(budget: int, cap: int, moves: list) -> None:  # type: ignore[type-arg]
    s = group_room()
    for i in range(4):
        run(s, r.WriteCard(actor="ana", prompt="", text=f"card {i}"))
    if cap > budget or refused_code(s, r.OpenVoting(actor="fac", budget=budget, per_card=cap)):
        return
    for voter, cast, n in moves:
        cmd = (r.CastVote if cast else r.RetractVote)(actor=voter, card_id=f"c{n}")
        code = refused_code(s, cmd)
        assert code in (None, Code.LIMIT, Code.WRONG_STATE)
    for per_card in s.reflections.votes.values():
        assert sum(per_card.values()) <= budget and all(1 <= v <= cap for v in per_card.values())
    seen = {c["id"]: c["votes"] for c in seen_by(s, "ben")["cards"]}
    assert seen == {f"c{i}": s.reflections.totals().get(f"c{i}", 0) for i in range(1, 5)}
    assert decode_state(encode_state(s)) == s


def refused_code(state: RoomState, command: object) -> Code | None:
    """None if `command` was accepted (and applied), else the refusal code."""
    try:
        run(state, command)  # type: ignore[arg-type]
    except Rejected as exc:
        return exc.code
    return None


def test_others_never_learn_who_is_typing_a_reflection() -> None:
    s = group_room()
    run(s, a.LoadTemplate(actor="fac", name="aar"))
    run(s, a.StartAgenda(actor="fac"))
    [ev] = run(s, a.MarkTyping(actor="ana"))
    assert event_seen_by(s, ev, "ana")["member_id"] == "ana"  # type: ignore[index]
    for member in ("fac", "ben", "obs"):
        assert event_seen_by(s, ev, member)["member_id"] == ""  # type: ignore[index]
        typing = wire(views.view_state(s, views.Viewer(member, s.members[member].role)))["agenda"]["typing"]
        assert list(typing) == [""]
    assert "ana" in wire(views.view_state(s, views.Viewer("ana", P)))["agenda"]["typing"]
