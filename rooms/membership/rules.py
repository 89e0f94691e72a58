"""How the room decides who is in it, and how those decisions change its state.

The facilitator role is never moved by the server on its own: a facilitator whose connection
drops keeps the role while away and gets it back on return (users of peer tools ask for exactly
this, parabol#7124). Only a hand-off, or a co-facilitator claiming it after the facilitator has
*left*, moves it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.membership import commands as c
from rooms.membership import events as e
from rooms.membership.compaction import still_needed
from rooms.rules import Hooks, Rules
from rooms.state import Admission, Member, Presence, Role, RoomState

#: the room's own fields: who is in it, its title, settings and lock
WRITES = ("members", "removed", "created", "created_at", "title", "code_of_conduct", "settings", "locked")
rules = Rules("membership.rules", writes=frozenset(WRITES))

NAME_MAX = limit("member_name").n
TITLE_MAX = limit("room_title").n
CODE_OF_CONDUCT_MAX = limit("code_of_conduct").n
FACILITATOR_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR)
#: observers watch without a seat, but not without end: a shared observer link is not a broadcast
MAX_OBSERVERS = 32


def clean_text(text: str, limit: int, what: str, *, allow_newlines: bool = False) -> str:
    """Strip control characters and outer space; refuse empty or over-long text."""
    lines = text.split("\n") if allow_newlines else [text]
    if all(line.isprintable() for line in lines):  # the usual case, checked in C: no control characters
        kept = text.strip()
    else:
        kept = "".join(ch for ch in text if (allow_newlines and ch == "\n") or unicodedata.category(ch)[0] != "C")
        kept = kept.strip()
    if len(kept) > limit:
        raise Rejected(Code.TOO_LONG, f"{what} is longer than {limit} characters")
    return kept


def clean_name(name: str) -> str:
    """A display name: printable, 1 to NAME_MAX characters."""
    kept = clean_text(name, NAME_MAX, "name")
    if not kept:
        raise Rejected(Code.BAD_NAME, "a name needs at least one visible character")
    return kept


def _target(state: RoomState, member_id: str) -> Member:
    m = state.members.get(member_id)
    if m is None:
        raise Rejected(Code.NO_SUCH_MEMBER, f"no member {member_id!r}")
    return m


# -- deciders ------------------------------------------------------------------------------------


@rules.decider_with_hooks(c.CreateRoom)
def create_room(hooks: Hooks, state: RoomState, cmd: c.CreateRoom, now: float) -> list[Event]:
    if state.created:
        raise Rejected(Code.ROOM_EXISTS, "a room with this id exists")
    title = clean_text(cmd.title, TITLE_MAX, "title") or "Peer group"
    coc = clean_text(cmd.code_of_conduct, CODE_OF_CONDUCT_MAX, "code of conduct", allow_newlines=True)
    capacity = limit("capacity")
    if not capacity.least <= cmd.settings.capacity <= capacity.most:
        raise Rejected(Code.BAD_VALUE, f"capacity must be between {capacity.least:g} and {capacity.most:g}")
    grace = limit("reconnect_grace").most
    if not 0 <= cmd.settings.reconnect_grace <= grace:
        raise Rejected(Code.BAD_VALUE, f"reconnect grace must be between 0 and {grace:g} seconds")
    created = e.RoomCreated(at=now, room_id=state.room_id, title=title, code_of_conduct=coc, settings=cmd.settings)
    return [created, *hooks.creation(state, cmd.settings, now)]


def check_link(state: RoomState, cmd: c.Join) -> None:
    """Which session's links may join: the current one's; a member still in the room when the next
    session began is part of it, so their socket may drop and come back with the link they had.
    Anyone else needs the new link (the facilitator shares it with the next session's invitation)."""
    if cmd.link_session is None or cmd.link_session == state.session:
        return
    known = state.members.get(cmd.actor) if cmd.resuming else None
    if known is None or known.presence is Presence.LEFT:
        raise Rejected(Code.BAD_TOKEN, "this link is from an earlier session of the room")


@rules.decider_with_hooks(c.Join)
def join(hooks: Hooks, state: RoomState, cmd: c.Join, now: float) -> list[Event]:
    if not state.created:
        raise Rejected(Code.NO_SUCH_ROOM, "this room does not exist")
    check_link(state, cmd)
    if cmd.actor in state.removed:
        raise Rejected(Code.REMOVED, "you were removed from this room")
    name = clean_name(cmd.name)
    known = state.members.get(cmd.actor)
    if known is not None and known.presence is not Presence.LEFT:
        out: list[Event] = []
        if known.presence is Presence.RECONNECTING:
            out.append(e.MemberReturned(at=now, member_id=cmd.actor))
        if name != known.name:
            out.append(e.MemberRenamed(at=now, member_id=cmd.actor, name=name))
        return out
    if known is not None:
        # A member who had left comes back with their resume token: same id, same role.
        if known.admission is Admission.ADMITTED and not state.locked:
            back = e.MemberJoined(at=now, member_id=cmd.actor, name=name, role=known.role)
            return [back, *hooks.arrivals(state, cmd.actor, known.role, now)]
        role = known.role
    else:
        role = cmd.role
        holder = state.facilitator()
        if role is Role.FACILITATOR and holder is not None:
            # A second person on the facilitator link co-facilitates (T-groups have two).
            role = Role.CO_FACILITATOR
    if role is Role.OBSERVER:
        watching = sum(1 for m in state.members.values() if m.presence is not Presence.LEFT and m.role is Role.OBSERVER)
        if watching >= MAX_OBSERVERS:
            raise Rejected(Code.ROOM_FULL, f"the room holds {MAX_OBSERVERS} observers")
    else:
        if _seats(state) >= state.settings.capacity:
            raise Rejected(Code.ROOM_FULL, f"the room holds {state.settings.capacity} people")
    door_shut = state.locked or state.settings.lobby
    if door_shut and role not in FACILITATOR_ROLES:
        return [e.MemberKnocked(at=now, member_id=cmd.actor, name=name, role=role)]
    joined = e.MemberJoined(at=now, member_id=cmd.actor, name=name, role=role)
    return [joined, *hooks.arrivals(state, cmd.actor, role, now)]


@rules.decider(c.Disconnect)
def disconnect(state: RoomState, cmd: c.Disconnect, now: float) -> list[Event]:
    m = state.members.get(cmd.actor)
    if m is None or m.presence is not Presence.CONNECTED:
        return []
    if m.admission is Admission.WAITING:
        return [e.MemberLeft(at=now, member_id=m.id, reason="knock withdrawn")]
    return [e.MemberDisconnected(at=now, member_id=m.id, gone_at=now + state.settings.reconnect_grace)]


@rules.decider_with_hooks(c.Leave)
def leave(hooks: Hooks, state: RoomState, cmd: c.Leave, now: float) -> list[Event]:
    return [*hooks.departures(state, cmd.actor, now), e.MemberLeft(at=now, member_id=cmd.actor, reason="left")]


@rules.decider(c.Rename)
def rename(state: RoomState, cmd: c.Rename, now: float) -> list[Event]:
    return [e.MemberRenamed(at=now, member_id=cmd.actor, name=clean_name(cmd.name))]


@rules.decider(c.LockRoom)
def lock(state: RoomState, cmd: c.LockRoom, now: float) -> list[Event]:
    return [] if state.locked else [e.RoomLocked(at=now, by=cmd.actor)]


@rules.decider(c.UnlockRoom)
def unlock(state: RoomState, cmd: c.UnlockRoom, now: float) -> list[Event]:
    return [e.RoomUnlocked(at=now, by=cmd.actor)] if state.locked else []


#: the settings `set_room_settings` may change, as they are named on the command and in RoomSettings
CHANGEABLE = ("lobby", "capacity", "reconnect_grace", "wait_between_phases", "vote_totals_hidden")


def _seats(state: RoomState) -> int:
    """People in the room who hold a seat (observers watch without one)."""
    return sum(1 for m in state.members.values() if m.presence is not Presence.LEFT and m.role is not Role.OBSERVER)


@rules.decider(c.SetRoomSettings)
def set_room_settings(state: RoomState, cmd: c.SetRoomSettings, now: float) -> list[Event]:
    asked = {name: getattr(cmd, name) for name in CHANGEABLE if getattr(cmd, name) is not None}
    changed = {name: value for name, value in asked.items() if getattr(state.settings, name) != value}
    if "capacity" in changed:
        capacity = limit("capacity")
        if not capacity.least <= changed["capacity"] <= capacity.most:
            raise Rejected(Code.BAD_VALUE, f"capacity must be between {capacity.least:g} and {capacity.most:g}")
        seats = _seats(state)
        if changed["capacity"] < seats:
            raise Rejected(Code.BAD_VALUE, f"{seats} people are in the room now; the room cannot hold fewer")
    if "reconnect_grace" in changed:
        grace = limit("reconnect_grace").most
        if not 0 <= changed["reconnect_grace"] <= grace:
            raise Rejected(Code.BAD_VALUE, f"reconnect grace must be between 0 and {grace:g} seconds")
    if "vote_totals_hidden" in changed and state.reflections.voting.open:
        # Totals shown or hidden mid-vote would nudge those who have not voted yet: between votes only.
        raise Rejected(Code.WRONG_STATE, "close the voting first; hidden totals are chosen before a vote")
    if not changed:
        return []
    settings = replace(state.settings, **changed)
    return [e.RoomSettingsChanged(at=now, settings=settings, changed=sorted(changed), by=cmd.actor)]


def _waiting(state: RoomState, member_id: str) -> Member:
    m = _target(state, member_id)
    if m.admission is not Admission.WAITING or m.presence is Presence.LEFT:
        raise Rejected(Code.NOT_WAITING, f"{m.name} is not waiting in the lobby")
    return m


@rules.decider_with_hooks(c.Admit)
def admit(hooks: Hooks, state: RoomState, cmd: c.Admit, now: float) -> list[Event]:
    m = _waiting(state, cmd.target)
    return [
        e.MemberAdmitted(at=now, member_id=m.id, by=cmd.actor, name=m.name),
        *hooks.arrivals(state, m.id, m.role, now),
    ]


@rules.decider(c.Deny)
def deny(state: RoomState, cmd: c.Deny, now: float) -> list[Event]:
    m = _waiting(state, cmd.target)
    return [e.MemberDenied(at=now, member_id=m.id, by=cmd.actor)]


@rules.decider_with_hooks(c.RemoveMember)
def remove(hooks: Hooks, state: RoomState, cmd: c.RemoveMember, now: float) -> list[Event]:
    m = _target(state, cmd.target)
    if m.role is Role.FACILITATOR:
        raise Rejected(Code.FORBIDDEN, "the facilitator cannot be removed; hand the role off first")
    if m.id == cmd.actor:
        raise Rejected(Code.BAD_VALUE, "use leave to leave the room")
    reason = clean_text(cmd.reason, limit("removal_reason").n, "reason")
    return [
        *hooks.departures(state, m.id, now),
        e.MemberRemoved(at=now, member_id=m.id, by=cmd.actor, reason=reason),
    ]


@rules.decider(c.HandOff)
def hand_off(state: RoomState, cmd: c.HandOff, now: float) -> list[Event]:
    m = _target(state, cmd.target)
    if state.admitted(m.id) is None:
        raise Rejected(Code.BAD_VALUE, f"{m.name} is not in the room")
    if m.id == cmd.actor:
        raise Rejected(Code.BAD_VALUE, "you already hold the facilitator role")
    return [e.FacilitatorHandedOff(at=now, from_id=cmd.actor, to_id=m.id)]


@rules.decider(c.ClaimFacilitator)
def claim(state: RoomState, cmd: c.ClaimFacilitator, now: float) -> list[Event]:
    holder = state.facilitator()
    if holder is not None and holder.presence is not Presence.LEFT:
        raise Rejected(Code.WRONG_STATE, f"{holder.name} still holds the facilitator role; ask for a hand-off")
    return [e.FacilitatorHandedOff(at=now, from_id=holder.id if holder else "", to_id=cmd.actor)]


@rules.decider_with_hooks(c.SetRole)
def set_role(hooks: Hooks, state: RoomState, cmd: c.SetRole, now: float) -> list[Event]:
    m = _target(state, cmd.target)
    if cmd.role is Role.FACILITATOR:
        raise Rejected(Code.BAD_VALUE, "use hand_off to give the facilitator role")
    if m.role is Role.FACILITATOR:
        raise Rejected(Code.FORBIDDEN, "the facilitator's role changes only by hand-off")
    if m.role is cmd.role:
        return []
    changed = e.RoleChanged(at=now, member_id=m.id, role=cmd.role, by=cmd.actor)
    if m.role is Role.OBSERVER and state.admitted(m.id) is not None:
        # An observer who becomes a speaker arrives, as far as rounds are concerned.
        return [changed, *hooks.arrivals(state, m.id, cmd.role, now)]
    return [changed]


@rules.tick_rule_with_hooks
def presence_timeouts(hooks: Hooks, state: RoomState, now: float) -> list[Event]:
    """The member whose grace ran out first leaves; the core runs the rules again for the next one."""
    due = [m for m in state.members.values() if m.presence is Presence.RECONNECTING and m.gone_at is not None]
    due = [m for m in due if m.gone_at is not None and m.gone_at <= now]
    if not due:
        return []
    m = min(due, key=lambda m: m.gone_at or 0.0)
    return [*hooks.departures(state, m.id, now), e.MemberLeft(at=now, member_id=m.id, reason="timeout")]


@rules.deadline_rule
def presence_deadline(state: RoomState) -> float | None:
    times = [m.gone_at for m in state.members.values() if m.presence is Presence.RECONNECTING and m.gone_at is not None]
    return min(times) if times else None


# -- appliers ------------------------------------------------------------------------------------


@rules.applier(e.RoomCreated)
def room_created(state: RoomState, ev: e.RoomCreated) -> None:
    state.created = True
    state.created_at = ev.at
    state.title = ev.title
    state.code_of_conduct = ev.code_of_conduct
    state.settings = ev.settings


@rules.applier(e.MemberJoined)
def member_joined(state: RoomState, ev: e.MemberJoined) -> None:
    state.members[ev.member_id] = Member(id=ev.member_id, name=ev.name, role=ev.role, joined_at=ev.at)


@rules.applier(e.MemberKnocked)
def member_knocked(state: RoomState, ev: e.MemberKnocked) -> None:
    state.members[ev.member_id] = Member(
        id=ev.member_id, name=ev.name, role=ev.role, admission=Admission.WAITING, joined_at=ev.at
    )


@rules.applier(e.MemberReturned)
def member_returned(state: RoomState, ev: e.MemberReturned) -> None:
    m = state.members[ev.member_id]
    m.presence = Presence.CONNECTED
    m.gone_at = None


@rules.applier(e.MemberDisconnected)
def member_disconnected(state: RoomState, ev: e.MemberDisconnected) -> None:
    m = state.members[ev.member_id]
    m.presence = Presence.RECONNECTING
    m.gone_at = ev.gone_at


@rules.applier(e.MemberLeft)
def member_left(state: RoomState, ev: e.MemberLeft) -> None:
    m = state.members[ev.member_id]
    if m.admission is Admission.WAITING:
        del state.members[ev.member_id]
        return
    m.presence = Presence.LEFT
    m.gone_at = None
    if not still_needed(state, m):
        del state.members[ev.member_id]  # compaction: nothing in the room refers to them any more


@rules.applier(e.MemberRenamed)
def member_renamed(state: RoomState, ev: e.MemberRenamed) -> None:
    state.members[ev.member_id].name = ev.name


@rules.applier(e.RoomLocked)
def room_locked(state: RoomState, ev: e.RoomLocked) -> None:
    state.locked = True


@rules.applier(e.RoomUnlocked)
def room_unlocked(state: RoomState, ev: e.RoomUnlocked) -> None:
    state.locked = False


@rules.applier(e.RoomSettingsChanged)
def room_settings_changed(state: RoomState, ev: e.RoomSettingsChanged) -> None:
    # The event's own object, never the old one mutated: that may be the one RoomCreated carries.
    state.settings = ev.settings


@rules.applier(e.MemberAdmitted)
def member_admitted(state: RoomState, ev: e.MemberAdmitted) -> None:
    state.members[ev.member_id].admission = Admission.ADMITTED


@rules.applier(e.MemberDenied)
def member_denied(state: RoomState, ev: e.MemberDenied) -> None:
    del state.members[ev.member_id]


@rules.applier(e.MemberRemoved)
def member_removed(state: RoomState, ev: e.MemberRemoved) -> None:
    state.members.pop(ev.member_id, None)
    state.removed.append(ev.member_id)


@rules.applier(e.FacilitatorHandedOff)
def facilitator_handed_off(state: RoomState, ev: e.FacilitatorHandedOff) -> None:
    if ev.from_id in state.members:
        state.members[ev.from_id].role = Role.CO_FACILITATOR
    state.members[ev.to_id].role = Role.FACILITATOR


@rules.applier(e.RoleChanged)
def role_changed(state: RoomState, ev: e.RoleChanged) -> None:
    state.members[ev.member_id].role = ev.role
