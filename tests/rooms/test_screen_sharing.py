"""Screen sharing core: one sharer at a time, everyone or on request, a facilitator allows those who
ask and stops any share, a share ends when its sharer leaves, and the next session starts with none."""

from __future__ import annotations

from rooms import Role, RoomState
from rooms.errors import Code
from rooms.membership.commands import Leave
from rooms.screen import commands as c
from rooms.screen import events as e
from rooms.screen.state import SharePolicy
from rooms.sessions.commands import StartNextSession
from tests.rooms.shared_room import refused, room_with, run

P = Role.PARTICIPANT


def group_room() -> RoomState:
    return room_with(fac=Role.FACILITATOR, cole=Role.CO_FACILITATOR, ana=P, ben=P, obs=Role.OBSERVER)


def test_a_participant_shares_and_everyone_knows_whose_stream_it_is() -> None:
    s = group_room()
    [ev] = run(s, c.StartScreenShare(actor="ana", stream_id="st-1"))
    assert isinstance(ev, e.ScreenShareStarted)
    assert (s.screen.sharer, s.screen.stream_id) == ("ana", "st-1")
    run(s, c.StopScreenShare(actor="ana"))
    assert s.screen.sharer is None and s.screen.stream_id == ""


def test_one_person_shares_at_a_time() -> None:
    s = group_room()
    run(s, c.StartScreenShare(actor="ana", stream_id="st-1"))
    assert refused(s, c.StartScreenShare(actor="ben", stream_id="st-2")) == Code.CONFLICT
    assert run(s, c.StopScreenShare(actor="ben")) == []  # not theirs to stop
    assert s.screen.sharer == "ana"


def test_observers_do_not_share_and_only_facilitators_stop_others_or_set_the_rule() -> None:
    s = group_room()
    assert refused(s, c.StartScreenShare(actor="obs", stream_id="x")) == Code.FORBIDDEN
    run(s, c.StartScreenShare(actor="ana", stream_id="st-1"))
    assert refused(s, c.EndScreenShare(actor="ben")) == Code.FORBIDDEN
    assert refused(s, c.SetSharePolicy(actor="ben", policy=SharePolicy.ON_REQUEST)) == Code.FORBIDDEN
    [ev] = run(s, c.EndScreenShare(actor="cole"))
    assert ev == e.ScreenShareStopped(at=ev.at, member_id="ana", by="cole")
    assert s.screen.sharer is None


def test_on_request_a_participant_asks_and_a_facilitator_allows_one_share() -> None:
    s = group_room()
    run(s, c.SetSharePolicy(actor="fac", policy=SharePolicy.ON_REQUEST))
    assert refused(s, c.StartScreenShare(actor="ana", stream_id="st-1")) == Code.FORBIDDEN
    run(s, c.RequestScreenShare(actor="ana"))
    assert s.screen.requests == ["ana"]
    assert run(s, c.RequestScreenShare(actor="ana")) == []
    run(s, c.AllowScreenShare(actor="fac", target="ana"))
    assert s.screen.requests == [] and s.screen.allowed == ["ana"]
    run(s, c.StartScreenShare(actor="ana", stream_id="st-1"))
    run(s, c.StopScreenShare(actor="ana"))
    assert refused(s, c.StartScreenShare(actor="ana", stream_id="st-2")) == Code.FORBIDDEN  # ask again
    run(s, c.StartScreenShare(actor="cole", stream_id="st-3"))  # facilitators need no allowance
    assert s.screen.sharer == "cole"


def test_asking_when_you_may_share_already_is_refused() -> None:
    s = group_room()
    assert refused(s, c.RequestScreenShare(actor="ana")) == Code.WRONG_STATE
    assert refused(s, c.EndScreenShare(actor="fac")) == Code.WRONG_STATE
    assert refused(s, c.StartScreenShare(actor="ana", stream_id="")) == Code.BAD_VALUE
    assert refused(s, c.AllowScreenShare(actor="fac", target="nobody")) == Code.NO_SUCH_MEMBER


def test_a_share_ends_when_its_sharer_leaves() -> None:
    s = group_room()
    run(s, c.StartScreenShare(actor="ben", stream_id="st-1"))
    events = run(s, Leave(actor="ben"))
    assert e.ScreenShareStopped(at=events[0].at, member_id="ben", by="") in events
    assert s.screen.sharer is None


def test_the_next_session_starts_with_nobody_sharing_and_keeps_the_rule() -> None:
    s = group_room()
    run(s, c.SetSharePolicy(actor="fac", policy=SharePolicy.ON_REQUEST))
    run(s, c.StartScreenShare(actor="fac", stream_id="st-1"))
    run(s, StartNextSession(actor="fac"))
    assert s.screen.sharer is None and s.screen.policy is SharePolicy.ON_REQUEST
