"""Voting without nudging: in a room that hides totals, nobody (facilitators included) sees a card's
dots while voting runs; each voter sees their own; closing the vote reveals every total."""

from __future__ import annotations

from rooms import Role, RoomState, views
from rooms.membership.commands import CreateRoom, Join
from rooms.reflections import commands as r
from rooms.reflections import events as re_
from rooms.state import RoomSettings
from tests.rooms.harness import Room
from tests.rooms.shared_room import run, wire


def room(hidden: bool) -> RoomState:
    h = Room()
    h.do(CreateRoom(actor="", title="Retro", settings=RoomSettings(vote_totals_hidden=hidden)))
    for who, role in (("fac", Role.FACILITATOR), ("ana", Role.PARTICIPANT), ("ben", Role.PARTICIPANT)):
        h.do(Join(actor=who, name=who.capitalize(), role=role))
    s = h.state
    run(s, r.WriteCard(actor="ana", prompt="", text="Ship smaller"))
    run(s, r.OpenVoting(actor="fac", budget=3, per_card=2))
    return s


def seen(s: RoomState, ev: object, who: str) -> dict:  # type: ignore[type-arg]
    return wire(views.view_event(ev, views.Viewer(who, s.members[who].role)))  # type: ignore[arg-type,no-any-return]


def card_votes(s: RoomState, who: str) -> tuple[object, object]:
    [card] = wire(views.view_state(s, views.Viewer(who, s.members[who].role)))["reflections"]["cards"]
    return card["votes"], card["my_votes"]


def test_hidden_totals_reach_nobody_while_voting_runs_but_each_voter_sees_their_own() -> None:
    s = room(hidden=True)
    [ev] = run(s, r.CastVote(actor="ben", card_id="c1"))
    for who in ("fac", "ana", "ben"):
        assert seen(s, ev, who)["total"] is None
        assert card_votes(s, who)[0] is None
    assert seen(s, ev, "ben")["mine"] == 1 and card_votes(s, "ben")[1] == 1


def test_closing_the_vote_reveals_every_total() -> None:
    s = room(hidden=True)
    run(s, r.CastVote(actor="ben", card_id="c1"))
    run(s, r.CastVote(actor="fac", card_id="c1"))
    [closed] = run(s, r.CloseVoting(actor="fac"))
    assert isinstance(closed, re_.VotingClosed) and closed.totals == {"c1": 2}
    assert card_votes(s, "ana") == (2, 0)


def test_a_room_that_shows_totals_shows_them_as_dots_land() -> None:
    s = room(hidden=False)
    [ev] = run(s, r.CastVote(actor="ben", card_id="c1"))
    assert seen(s, ev, "ana")["total"] == 1 and card_votes(s, "ana") == (1, 0)
