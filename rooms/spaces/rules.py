"""The spaces' rules: arranging and moving people, visits, announcements, notes, the timed return.

Timed return (nobody is cut off without warning): every group hears each of the room's warnings
(60 s and 10 s before the end, by default) once, then "time is up, finish your sentence", then,
`grace` seconds later, everyone is back in the main room with their group's harvest. Extending the
phase moves all of it; pausing stops it; a call-back starts the grace now.
"""

from __future__ import annotations

from rooms.agenda import current_phase
from rooms.agenda.flow import time_up
from rooms.agenda.groups import participants, role_map
from rooms.agenda.phase import Phase, PhaseMode
from rooms.agenda.state import AgendaStatus, TimeUpReason
from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.rules import Rules
from rooms.spaces import commands as c
from rooms.spaces import events as e
from rooms.spaces.groups import move, place, remove, reshuffle
from rooms.spaces.lifecycle import close_spaces, return_time, time_is_up
from rooms.spaces.state import Space
from rooms.state import Role, RoomState

rules = Rules("spaces.rules", writes=frozenset(()))

MAX_GROUPS = limit("space_groups").n
ANNOUNCEMENT_MAX = limit("space_announcement").n
NOTE_MAX = limit("space_note").n
MAX_WARNINGS = limit("return_warnings").n
MAX_GRACE = limit("return_grace").most
MAX_WARNING = limit("return_warning").most


def _open(state: RoomState) -> list[Space]:
    if not state.spaces.open:
        raise Rejected(Code.WRONG_STATE, "the groups are not out: start a small-group phase first")
    return state.spaces.open


def _changed(
    state: RoomState, groups: list[list[str]], reason: e.GroupChange, member_id: str, by: str, now: float
) -> list[Event]:
    """`GroupsChanged` to `groups` (one list per open space, in order; extra lists are new spaces)."""
    spaces = state.spaces.open
    ids = [s.id for s in spaces]
    counter = state.spaces.counter
    while len(ids) < len(groups):
        counter += 1
        ids.append(f"s{counter}")
    padded = groups + [[] for _ in range(len(ids) - len(groups))]
    phase = current_phase(state)
    roles = role_map(phase, [g for g in padded if g], state.agenda.rotation) if phase is not None else {}
    if [list(s.members) for s in spaces] == padded[: len(spaces)] and len(padded) == len(spaces):
        return []
    return [
        e.GroupsChanged(
            at=now,
            reason=reason,
            member_id=member_id,
            groups=dict(zip(ids, padded, strict=True)),
            roles=roles,
            by=by,
        )
    ]


def _groups(state: RoomState) -> list[list[str]]:
    return [list(s.members) for s in state.spaces.open]


# -- before the phase ----------------------------------------------------------------------------


@rules.decider(c.ArrangeGroups)
def arrange_groups(state: RoomState, cmd: c.ArrangeGroups, now: float) -> list[Event]:
    if len(cmd.groups) > MAX_GROUPS:
        raise Rejected(Code.LIMIT, f"at most {MAX_GROUPS} groups")
    present = set(participants(state))
    seen: set[str] = set()
    for group in cmd.groups:
        for m in group:
            if m not in present:
                raise Rejected(Code.NO_SUCH_MEMBER, f"{m!r} is not a participant in the room")
            if m in seen:
                raise Rejected(Code.BAD_VALUE, f"{m!r} is in two groups")
            seen.add(m)
    groups = [list(g) for g in cmd.groups if g]
    return [e.GroupsArranged(at=now, groups=groups, by=cmd.actor)]


@rules.decider(c.SetReturnTiming)
def set_return_timing(state: RoomState, cmd: c.SetReturnTiming, now: float) -> list[Event]:
    if len(cmd.warnings) > MAX_WARNINGS or any(not 1 <= w <= MAX_WARNING for w in cmd.warnings):
        raise Rejected(
            Code.BAD_VALUE,
            f"up to {MAX_WARNINGS} warnings, each 1 to {limit('return_warning').most:g} seconds before the end",
        )
    if not 0 <= cmd.grace <= MAX_GRACE:
        raise Rejected(Code.BAD_VALUE, f"the grace is 0 to {MAX_GRACE:g} seconds")
    warnings = sorted(set(cmd.warnings), reverse=True)
    return [e.ReturnTimingSet(at=now, warnings=warnings, grace=cmd.grace, by=cmd.actor)]


# -- during the phase: the facilitator's hand ------------------------------------------------------


@rules.decider(c.MoveToGroup)
def move_to_group(state: RoomState, cmd: c.MoveToGroup, now: float) -> list[Event]:
    spaces = _open(state)
    if state.spaces.group_of(cmd.member_id) is None:
        raise Rejected(Code.NO_SUCH_MEMBER, f"{cmd.member_id!r} is not in a group")
    target = next((i for i, s in enumerate(spaces) if s.id == cmd.space_id), -1)
    if target < 0:
        raise Rejected(Code.NOT_FOUND, f"no group {cmd.space_id!r}")
    if cmd.member_id in spaces[target].members:
        return []
    groups = move(_groups(state), cmd.member_id, target)
    return _changed(state, groups, e.GroupChange.MOVED, cmd.member_id, cmd.actor, now)


@rules.decider(c.ReshuffleGroups)
def reshuffle_groups(state: RoomState, cmd: c.ReshuffleGroups, now: float) -> list[Event]:
    _open(state)
    phase = current_phase(state)
    size = phase.group_size if phase is not None else 2
    groups = reshuffle(_groups(state), size)
    return _changed(state, groups, e.GroupChange.RESHUFFLED, "", cmd.actor, now)


@rules.decider(c.VisitGroup)
def visit_group(state: RoomState, cmd: c.VisitGroup, now: float) -> list[Event]:
    _open(state)
    space = state.spaces.space(cmd.space_id)
    if space is None:
        raise Rejected(Code.NOT_FOUND, f"no group {cmd.space_id!r}")
    if cmd.actor in space.visitors:
        return []
    out: list[Event] = []
    for s in state.spaces.open:
        if cmd.actor in s.visitors:
            out.append(e.VisitEnded(at=now, member_id=cmd.actor, space_id=s.id))
    out.append(e.GroupVisited(at=now, member_id=cmd.actor, space_id=space.id))
    return out


@rules.decider(c.EndVisit)
def end_visit(state: RoomState, cmd: c.EndVisit, now: float) -> list[Event]:
    visited = [s.id for s in state.spaces.open if cmd.actor in s.visitors]
    return [e.VisitEnded(at=now, member_id=cmd.actor, space_id=space_id) for space_id in visited]


@rules.decider(c.WatchGroup)
def watch_group(state: RoomState, cmd: c.WatchGroup, now: float) -> list[Event]:
    if cmd.space_id and state.spaces.space(cmd.space_id) is None:
        raise Rejected(Code.NOT_FOUND, f"no group {cmd.space_id!r}")
    if state.spaces.watching.get(cmd.actor, "") == cmd.space_id:
        return []
    return [e.GroupWatched(at=now, member_id=cmd.actor, space_id=cmd.space_id)]


@rules.decider(c.AnnounceToGroups)
def announce(state: RoomState, cmd: c.AnnounceToGroups, now: float) -> list[Event]:
    _open(state)
    text = cmd.text.strip()
    if not text:
        raise Rejected(Code.BAD_VALUE, "write something to announce")
    if len(text) > ANNOUNCEMENT_MAX:
        raise Rejected(Code.TOO_LONG, f"announcements are at most {ANNOUNCEMENT_MAX} characters")
    return [e.GroupsAnnounced(at=now, text=text, by=cmd.actor)]


@rules.decider(c.CallGroupsBack)
def call_back(state: RoomState, cmd: c.CallGroupsBack, now: float) -> list[Event]:
    _open(state)
    if state.spaces.called_back_until is not None:
        return []
    at = now + state.spaces.grace
    return [e.ReturnStarted(at=now, reason=e.ReturnReason.CALLED_BACK, returns_at=at, by=cmd.actor)]


# -- during the phase: the group's own note --------------------------------------------------------


@rules.decider(c.WriteGroupNote)
def write_note(state: RoomState, cmd: c.WriteGroupNote, now: float) -> list[Event]:
    _open(state)
    space = state.spaces.group_of(cmd.actor)
    if space is None:
        raise Rejected(Code.WRONG_STATE, "you are not in a group")
    note = cmd.note.strip()
    if len(note) > NOTE_MAX:
        raise Rejected(Code.TOO_LONG, f"a group's note is at most {NOTE_MAX} characters")
    if note == space.note:
        return []
    return [e.GroupNoteWritten(at=now, space_id=space.id, note=note, by=cmd.actor)]


# -- people coming and going -----------------------------------------------------------------------


@rules.arrival_rule
def latecomer_joins_smallest_group(state: RoomState, member_id: str, role: Role, now: float) -> list[Event]:
    """Someone who arrives (or becomes a participant) during a small-group phase joins the smallest group."""
    if role is not Role.PARTICIPANT or not state.spaces.open or state.spaces.group_of(member_id) is not None:
        return []
    groups = place(_groups(state), member_id)
    return _changed(state, groups, e.GroupChange.JOINED, member_id, "", now)


@rules.departure_rule
def leaver_leaves_group(state: RoomState, member_id: str, now: float) -> list[Event]:
    """Someone who leaves leaves their group; a group left with one person is merged into another."""
    out: list[Event] = []
    if state.spaces.group_of(member_id) is not None:
        out.extend(_changed(state, remove(_groups(state), member_id), e.GroupChange.LEFT, member_id, "", now))
    for s in state.spaces.open:
        if member_id in s.visitors:
            out.append(e.VisitEnded(at=now, member_id=member_id, space_id=s.id))
    if member_id in state.spaces.watching:
        out.append(e.GroupWatched(at=now, member_id=member_id, space_id=""))
    return out


# -- time ------------------------------------------------------------------------------------------


def _unheard_warnings(state: RoomState) -> list[tuple[float, float]]:
    """(seconds before the end, when) of each warning these groups have not heard for this end time;
    a warning longer than the phase itself is never given (a 30 s pairs phase gets no "60 s left")."""
    a = state.agenda
    sp = state.spaces
    if a.status is not AgendaStatus.RUNNING or a.ends_at is None or sp.called_back_until is not None:
        return []
    heard = sp.warned if sp.warned_for == a.ends_at else []
    return [(w, a.ends_at - w) for w in sp.warnings if w not in heard and a.ends_at - w > a.phase_started_at]


@rules.tick_rule
def return_clock(state: RoomState, now: float) -> list[Event]:
    sp = state.spaces
    if not sp.open:
        return []
    a = state.agenda
    returns_at = return_time(state)
    if returns_at is not None and now >= returns_at:
        out = close_spaces(state, now)
        phase = current_phase(state)
        if sp.called_back_until is not None and a.status is AgendaStatus.RUNNING and phase is not None:
            # Called back early: the small-group phase is over, the agenda moves on as at its time-up.
            out.append(time_up(state, phase, now, TimeUpReason.CALLED_BACK, advance_due=phase.auto_advance))
        return out
    if returns_at is not None and time_is_up(state, now) and sp.announced_return != returns_at:
        return [e.ReturnStarted(at=now, reason=e.ReturnReason.TIME_UP, returns_at=returns_at)]
    due = [w for w, at in _unheard_warnings(state) if now >= at]
    if due and a.ends_at is not None and now < a.ends_at:
        heard = sp.warned if sp.warned_for == a.ends_at else []
        left = a.ends_at - now
        return [e.GroupsWarned(at=now, seconds_left=left, ends_at=a.ends_at, warned=sorted({*heard, *due}))]
    return []


@rules.deadline_rule
def return_deadline(state: RoomState) -> float | None:
    sp = state.spaces
    if not sp.open:
        return None
    returns_at = return_time(state)
    if returns_at is None:
        return None
    a = state.agenda
    times = [returns_at]
    if sp.announced_return != returns_at:
        if sp.called_back_until is not None or a.status is AgendaStatus.OVERTIME:
            times.append(a.time_up_at if a.time_up_at is not None else returns_at)
        elif a.ends_at is not None:
            times.append(a.ends_at)
    times.extend(at for _, at in _unheard_warnings(state))
    return min(times)


def is_small_group_phase(phase: Phase | None) -> bool:
    """True for phases whose groups get spaces of their own."""
    return phase is not None and phase.mode is PhaseMode.PAIRS
