"""How screen sharing is decided and applied.

Practice: in a peer-learning group a shared screen is a shared object of attention (a case, a
draft, a chart), so one person shares at a time and everyone sees it large. A facilitator may keep
sharing for themselves and allow it person by person ("on request"), as BigBlueButton's presenter
role and Jitsi's moderator settings do, and may stop any share: the room stops showing it at once.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.rules import Rules
from rooms.screen import commands as c
from rooms.screen import events as e
from rooms.screen.state import ScreenState, SharePolicy
from rooms.state import Role, RoomState
from rooms.viewer import Viewer

rules = Rules("screen.rules")

STREAM_ID_MAX = limit("stream_id").n
LEADS = (Role.FACILITATOR, Role.CO_FACILITATOR)


def may_share(state: RoomState, member_id: str) -> bool:
    """Whether `member_id` may start sharing now, by the room's rule."""
    m = state.members.get(member_id)
    if m is None:
        return False
    s = state.screen
    return m.role in LEADS or s.policy is SharePolicy.EVERYONE or member_id in s.allowed


@rules.decider(c.StartScreenShare)
def start_screen_share(state: RoomState, cmd: c.StartScreenShare, now: float) -> list[Event]:
    s = state.screen
    if not cmd.stream_id or len(cmd.stream_id) > STREAM_ID_MAX:
        raise Rejected(Code.BAD_VALUE, "name the stream of your share")
    if s.sharer == cmd.actor:
        return []
    if s.sharer is not None:
        raise Rejected(Code.CONFLICT, "someone else is sharing their screen; wait until they stop")
    if not may_share(state, cmd.actor):
        raise Rejected(Code.FORBIDDEN, "in this room a facilitator allows each screen share; ask first")
    return [e.ScreenShareStarted(at=now, member_id=cmd.actor, stream_id=cmd.stream_id)]


@rules.decider(c.StopScreenShare)
def stop_screen_share(state: RoomState, cmd: c.StopScreenShare, now: float) -> list[Event]:
    if state.screen.sharer != cmd.actor:
        return []
    return [e.ScreenShareStopped(at=now, member_id=cmd.actor, by=cmd.actor)]


@rules.decider(c.EndScreenShare)
def end_screen_share(state: RoomState, cmd: c.EndScreenShare, now: float) -> list[Event]:
    sharer = state.screen.sharer
    if sharer is None:
        raise Rejected(Code.WRONG_STATE, "nobody is sharing a screen")
    return [e.ScreenShareStopped(at=now, member_id=sharer, by=cmd.actor)]


@rules.decider(c.RequestScreenShare)
def request_screen_share(state: RoomState, cmd: c.RequestScreenShare, now: float) -> list[Event]:
    s = state.screen
    if may_share(state, cmd.actor):
        raise Rejected(Code.WRONG_STATE, "you may share already")
    if cmd.actor in s.requests:
        return []
    return [e.ScreenShareRequested(at=now, member_id=cmd.actor)]


@rules.decider(c.AllowScreenShare)
def allow_screen_share(state: RoomState, cmd: c.AllowScreenShare, now: float) -> list[Event]:
    if state.admitted(cmd.target) is None:
        raise Rejected(Code.NO_SUCH_MEMBER, "that member is not in the room")
    if cmd.target in state.screen.allowed:
        return []
    return [e.ScreenShareAllowed(at=now, member_id=cmd.target, by=cmd.actor)]


@rules.decider(c.SetSharePolicy)
def set_share_policy(state: RoomState, cmd: c.SetSharePolicy, now: float) -> list[Event]:
    if state.screen.policy is cmd.policy:
        return []
    return [e.SharePolicySet(at=now, policy=cmd.policy)]


@rules.departure_rule
def share_ends_when_its_sharer_leaves(state: RoomState, member_id: str, now: float) -> list[Event]:
    if state.screen.sharer != member_id:
        return []
    return [e.ScreenShareStopped(at=now, member_id=member_id, by="")]


@rules.applier(e.ScreenShareStarted)
def screen_share_started(state: RoomState, ev: e.ScreenShareStarted) -> None:
    s = state.screen
    s.sharer, s.stream_id, s.started_at = ev.member_id, ev.stream_id, ev.at
    s.requests = [m for m in s.requests if m != ev.member_id]
    # An allowance is for one share: the next one is asked for again.
    s.allowed = [m for m in s.allowed if m != ev.member_id]


@rules.applier(e.ScreenShareStopped)
def screen_share_stopped(state: RoomState, ev: e.ScreenShareStopped) -> None:
    s = state.screen
    if s.sharer == ev.member_id:
        s.sharer, s.stream_id, s.started_at = None, "", None


@rules.applier(e.ScreenShareRequested)
def screen_share_requested(state: RoomState, ev: e.ScreenShareRequested) -> None:
    state.screen.requests.append(ev.member_id)


@rules.applier(e.ScreenShareAllowed)
def screen_share_allowed(state: RoomState, ev: e.ScreenShareAllowed) -> None:
    s = state.screen
    s.allowed.append(ev.member_id)
    s.requests = [m for m in s.requests if m != ev.member_id]


@rules.applier(e.SharePolicySet)
def share_policy_set(state: RoomState, ev: e.SharePolicySet) -> None:
    state.screen.policy = ev.policy


@rules.state_view("screen")
def screen_view(state: RoomState, viewer: Viewer) -> ScreenState:
    """Screen sharing is the same for every viewer: who shares is on everyone's big view anyway."""
    return state.screen
