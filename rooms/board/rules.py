"""How the whiteboard decides and applies changes.

Convergence: every change goes through the room's single writer, gets a `seq`, and every client
applies the same events in `seq` order, so all boards end identical. What needs a rule is a change
made against an old picture. The rule is *reject stale updates*: `update_element` carries the
`base_version` the client edited; if someone changed the element since, it is refused with
`conflict` and the client re-applies its edit to the version it now holds. Silent last-writer-wins
would let a small nudge undo another member's rewrite of a sticky note; a refusal makes the collision
visible. Deletion needs no version: a deleted element is gone whoever edited it last, and its author
can undo.

Undo and redo act on one's own changes only (as in Excalidraw and Miro): when another member changes
an element, the entries for that element leave everyone else's history, so an undo never overwrites
a colleague's work.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.board import commands as c
from rooms.board import events as e
from rooms.board.limits import HISTORY_MAX, MAX_ELEMENTS, check_id, check_room_for, checked
from rooms.board.state import BoardState, Change, Element, History
from rooms.errors import Code, Rejected
from rooms.rules import Rules
from rooms.spaces.where import space_of
from rooms.state import RoomState

rules = Rules("board.rules")


def _next_version(board: BoardState, element_id: str) -> int:
    current = board.elements.get(element_id)
    return (current.version if current else board.tombstones.get(element_id, 0)) + 1


def same_drawing(a: Element | None, b: Element | None) -> bool:
    """True when both draw the same thing (versions and authors aside)."""
    if a is None or b is None:
        return a is b
    return a.drawing() == b.drawing()


#: the fields a patch may change, in the order of `ElementPatch`
PATCH_FIELDS = tuple(c.ElementPatch.__dataclass_fields__)


# -- deciders ------------------------------------------------------------------------------------


@rules.decider(c.AddElement)
def add_element(state: RoomState, cmd: c.AddElement, now: float) -> list[Event]:
    board = state.board
    eid = check_id(cmd.element.id)
    if eid in board.elements or eid in board.tombstones:
        raise Rejected(Code.CONFLICT, f"element id {eid!r} is taken; choose a fresh one")
    if len(board.elements) >= MAX_ELEMENTS:
        raise Rejected(Code.LIMIT, f"the board holds at most {MAX_ELEMENTS} elements; clear or delete some")
    el = checked(cmd.element.at_version(1, cmd.actor)).copy(space=space_of(state, cmd.actor))
    check_room_for(board, el)
    return [e.ElementAdded(at=now, element=el)]


@rules.decider(c.UpdateElement)
def update_element(state: RoomState, cmd: c.UpdateElement, now: float) -> list[Event]:
    current = state.board.elements.get(cmd.id)
    if current is None:
        raise Rejected(Code.NOT_FOUND, f"no element {cmd.id!r} on the board")
    if cmd.base_version != current.version:
        raise Rejected(
            Code.CONFLICT,
            f"element {cmd.id!r} is at version {current.version}, you edited version {cmd.base_version}; "
            "apply your change to the current version",
        )
    patch = cmd.patch
    changes = {name: v for name in PATCH_FIELDS if (v := getattr(patch, name)) is not None}
    changes["points"] = [tuple(p) for p in changes.get("points", current.points)]
    new = checked(current.copy(**changes, version=current.version + 1, by=cmd.actor))
    # Only the patched fields can differ (`checked` leaves well-formed fields as they are).
    if all(getattr(new, name) == getattr(current, name) for name in changes):
        return []
    check_room_for(state.board, new, current)
    return [e.ElementUpdated(at=now, element=new)]


@rules.decider(c.DeleteElement)
def delete_element(state: RoomState, cmd: c.DeleteElement, now: float) -> list[Event]:
    if cmd.id not in state.board.elements:
        raise Rejected(Code.NOT_FOUND, f"no element {cmd.id!r} on the board")
    space = state.board.elements[cmd.id].space
    return [e.ElementDeleted(at=now, id=cmd.id, by=cmd.actor, space=space)]


@rules.decider(c.ClearBoard)
def clear_board(state: RoomState, cmd: c.ClearBoard, now: float) -> list[Event]:
    return [e.BoardCleared(at=now, by=cmd.actor)] if state.board.elements else []


def _replay(state: RoomState, actor: str, change: Change, via: e.Via, now: float) -> list[Event]:
    """The event that takes `change.element_id` back to `change.before` (undo) or forward (redo)."""
    board = state.board
    current = board.elements.get(change.element_id)
    if not same_drawing(current, change.after):
        # Cannot happen while histories are pruned on others' edits; refuse rather than clobber.
        raise Rejected(Code.CONFLICT, "that element changed since; nothing was undone")
    target = change.before
    if target is None:
        gone = board.elements.get(change.element_id)
        space = gone.space if gone is not None else ""
        return [e.ElementDeleted(at=now, id=change.element_id, by=actor, via=via, space=space)]
    restored = target.at_version(_next_version(board, change.element_id), actor)
    check_room_for(board, restored, current)
    if current is None:
        if len(board.elements) >= MAX_ELEMENTS:
            raise Rejected(Code.LIMIT, f"the board holds at most {MAX_ELEMENTS} elements")
        return [e.ElementAdded(at=now, element=restored, via=via)]
    return [e.ElementUpdated(at=now, element=restored, via=via)]


@rules.decider(c.UndoBoard)
def undo_board(state: RoomState, cmd: c.UndoBoard, now: float) -> list[Event]:
    h = state.board.history.get(cmd.actor)
    if h is None or not h.undo:
        raise Rejected(Code.WRONG_STATE, "nothing of yours to undo on the board")
    return _replay(state, cmd.actor, h.undo[-1], e.Via.UNDO, now)


@rules.decider(c.RedoBoard)
def redo_board(state: RoomState, cmd: c.RedoBoard, now: float) -> list[Event]:
    h = state.board.history.get(cmd.actor)
    if h is None or not h.redo:
        raise Rejected(Code.WRONG_STATE, "nothing of yours to redo on the board")
    return _replay(state, cmd.actor, h.redo[-1], e.Via.REDO, now)


# -- appliers ------------------------------------------------------------------------------------


def _remember(board: BoardState, actor: str, change: Change, via: e.Via) -> None:
    """File `change` in its author's history and drop the element from everyone else's."""
    eid = change.element_id
    for member, other in board.history.items():
        if member != actor:
            other.forget(eid)  # one lookup: usually nobody else touched it
    h = board.history.setdefault(actor, History())
    # The inverse of an undo is what redo replays, and vice versa: store the change as it happened.
    if via is e.Via.EDIT:
        h.push(h.undo, change)
        h.drop_oldest(h.redo, 0)
    elif via is e.Via.UNDO:
        h.pop(h.undo)
        h.push(h.redo, change)
    else:
        h.pop(h.redo)
        h.push(h.undo, change)
    h.drop_oldest(h.undo, HISTORY_MAX)


@rules.applier(e.ElementAdded)
def element_added(state: RoomState, ev: e.ElementAdded) -> None:
    board = state.board
    el = ev.element.at_version(ev.element.version, ev.element.by)
    board.tombstones.pop(el.id, None)
    board.elements[el.id] = el
    _remember(board, el.by, Change(el.id, None, el), ev.via)


@rules.applier(e.ElementUpdated)
def element_updated(state: RoomState, ev: e.ElementUpdated) -> None:
    board = state.board
    el = ev.element.at_version(ev.element.version, ev.element.by)
    before = board.elements[el.id]
    board.elements[el.id] = el
    _remember(board, el.by, Change(el.id, before, el), ev.via)


@rules.applier(e.ElementDeleted)
def element_deleted(state: RoomState, ev: e.ElementDeleted) -> None:
    board = state.board
    before = board.elements.pop(ev.id)
    board.tombstones[ev.id] = before.version
    _remember(board, ev.by, Change(ev.id, before, None), ev.via)


@rules.applier(e.BoardCleared)
def board_cleared(state: RoomState, ev: e.BoardCleared) -> None:
    board = state.board
    for el in board.elements.values():
        board.tombstones[el.id] = el.version
    board.elements.clear()
    board.history.clear()
