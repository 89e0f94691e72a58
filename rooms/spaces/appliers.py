"""How spaces events change the state (the only place they do).

The groups' membership and roles are also the agenda's (`agenda.groups`, `agenda.roles`): roles go
round on the agenda's timer, so every change of groups keeps the agenda's copy in step.
"""

from __future__ import annotations

from rooms.agenda.state import Group
from rooms.rules import Rules
from rooms.spaces import events as e
from rooms.spaces.state import Harvest, Space, SpacesState
from rooms.state import RoomState

#: spaces events change the spaces and the agenda's copy of the groups and roles
rules = Rules("spaces.appliers", writes=frozenset({"spaces", "agenda"}))


def _sync_agenda(state: RoomState) -> None:
    state.agenda.groups = [Group(members=list(s.members)) for s in state.spaces.open if s.members]


def _reset_return(sp: SpacesState) -> None:
    sp.warned = []
    sp.warned_for = None
    sp.called_back_until = None
    sp.announced_return = None


@rules.applier(e.GroupsArranged)
def groups_arranged(state: RoomState, ev: e.GroupsArranged) -> None:
    state.spaces.arranged = [list(g) for g in ev.groups]


@rules.applier(e.SpacesOpened)
def spaces_opened(state: RoomState, ev: e.SpacesOpened) -> None:
    sp = state.spaces
    sp.open = [Space(id=s.id, label=s.label, members=list(s.members)) for s in ev.spaces]
    sp.phase_id = ev.phase_id
    sp.arranged = []
    sp.counter += len(ev.spaces)
    _reset_return(sp)
    _sync_agenda(state)


@rules.applier(e.GroupsChanged)
def groups_changed(state: RoomState, ev: e.GroupsChanged) -> None:
    sp = state.spaces
    for space_id, members in ev.groups.items():
        space = sp.space(space_id)
        if space is None:
            sp.counter += 1
            space = Space(id=space_id, label=f"Group {len(sp.open) + 1}")
            sp.open.append(space)
        space.members = list(members)
    state.agenda.roles = dict(ev.roles)
    _sync_agenda(state)


@rules.applier(e.GroupVisited)
def group_visited(state: RoomState, ev: e.GroupVisited) -> None:
    space = state.spaces.space(ev.space_id)
    if space is not None and ev.member_id not in space.visitors:
        space.visitors.append(ev.member_id)


@rules.applier(e.VisitEnded)
def visit_ended(state: RoomState, ev: e.VisitEnded) -> None:
    space = state.spaces.space(ev.space_id)
    if space is not None and ev.member_id in space.visitors:
        space.visitors.remove(ev.member_id)


@rules.applier(e.GroupWatched)
def group_watched(state: RoomState, ev: e.GroupWatched) -> None:
    if ev.space_id:
        state.spaces.watching[ev.member_id] = ev.space_id
    else:
        state.spaces.watching.pop(ev.member_id, None)


@rules.applier(e.GroupsAnnounced)
def groups_announced(state: RoomState, ev: e.GroupsAnnounced) -> None:
    """An announcement is shown when it arrives; the state keeps nothing of it."""


@rules.applier(e.GroupNoteWritten)
def group_note_written(state: RoomState, ev: e.GroupNoteWritten) -> None:
    space = state.spaces.space(ev.space_id)
    if space is not None:
        space.note = ev.note


@rules.applier(e.ReturnTimingSet)
def return_timing_set(state: RoomState, ev: e.ReturnTimingSet) -> None:
    state.spaces.warnings = list(ev.warnings)
    state.spaces.grace = ev.grace


@rules.applier(e.GroupsWarned)
def groups_warned(state: RoomState, ev: e.GroupsWarned) -> None:
    state.spaces.warned = list(ev.warned)
    state.spaces.warned_for = ev.ends_at


@rules.applier(e.ReturnStarted)
def return_started(state: RoomState, ev: e.ReturnStarted) -> None:
    sp = state.spaces
    sp.announced_return = ev.returns_at
    if ev.reason is e.ReturnReason.CALLED_BACK:
        sp.called_back_until = ev.returns_at
    # Time is up: no warning is left to give for this end time.
    sp.warned = list(sp.warnings)
    sp.warned_for = state.agenda.ends_at


@rules.applier(e.GroupsReturned)
def groups_returned(state: RoomState, ev: e.GroupsReturned) -> None:
    sp = state.spaces
    for h in ev.harvests:
        sp.harvests.append(
            Harvest(
                space_id=h.space_id,
                label=h.label,
                phase_id=h.phase_id,
                members=list(h.members),
                note=h.note,
                card_ids=[card.id for card in h.cards],
                element_ids=[el.id for el in h.elements],
                returned_at=ev.at,
            )
        )
    sp.open = []
    sp.phase_id = ""
    sp.watching = {}
    _reset_return(sp)
