"""The whiteboard core: adding, versioned updates and the conflict rule, undo/redo of one's own
changes, limits, and convergence of concurrent edits in every order the server could see them."""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rooms import Command, Role, RoomState, apply, views
from rooms.board import commands as b
from rooms.board import events as be
from rooms.board.limits import MAX_BOARD_POINTS, MAX_ELEMENTS, MAX_POINTS, MAX_TEXT
from rooms.board.state import Element, ElementKind
from rooms.errors import Code
from server.log.codec import decode_state, encode_state
from tests.rooms.shared_room import T0, refused, room_with, run

P = Role.PARTICIPANT


def sticky(eid: str = "s1", text: str = "Late handover") -> Element:
    return Element(id=eid, kind=ElementKind.STICKY, x=10, y=20, w=160, h=120, text=text, color="#ffd43b")


def stroke(eid: str, n: int = 3) -> Element:
    return Element(id=eid, kind=ElementKind.STROKE, points=[(float(i), float(i)) for i in range(n)])


def board_room() -> RoomState:
    return room_with(fac=Role.FACILITATOR, ana=P, ben=P, cy=P, obs=Role.OBSERVER)


def test_a_new_sticky_note_lands_at_version_one_with_its_author() -> None:
    s = board_room()
    [ev] = run(s, b.AddElement(actor="ana", element=sticky()))
    assert isinstance(ev, be.ElementAdded)
    el = s.board.elements["s1"]
    assert (el.version, el.by, el.text, el.color) == (1, "ana", "Late handover", "#ffd43b")


def test_an_update_against_the_current_version_applies_and_counts_up() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.UpdateElement(actor="ben", id="s1", base_version=1, patch=b.ElementPatch(x=300, text="Handover on time")))
    el = s.board.elements["s1"]
    assert (el.version, el.x, el.y, el.text, el.by) == (2, 300, 20, "Handover on time", "ben")


def test_a_stale_update_is_refused_with_conflict_and_changes_nothing() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.UpdateElement(actor="ben", id="s1", base_version=1, patch=b.ElementPatch(x=300)))
    assert refused(s, b.UpdateElement(actor="cy", id="s1", base_version=1, patch=b.ElementPatch(y=5))) == Code.CONFLICT


def test_an_update_that_changes_nothing_emits_nothing() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    assert run(s, b.UpdateElement(actor="ana", id="s1", base_version=1, patch=b.ElementPatch(x=10))) == []


@pytest.mark.parametrize("bad_id", ["", "has space", "x" * 41, "quote'", "<script>"])
def test_element_ids_must_be_short_and_plain(bad_id: str) -> None:
    s = board_room()
    assert refused(s, b.AddElement(actor="ana", element=sticky(bad_id))) == Code.BAD_VALUE


def test_an_element_id_is_never_reused_even_after_deletion() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    assert refused(s, b.AddElement(actor="ben", element=sticky())) == Code.CONFLICT
    run(s, b.DeleteElement(actor="ana", id="s1"))
    assert refused(s, b.AddElement(actor="ben", element=sticky())) == Code.CONFLICT


def test_limits_are_refused_with_clear_codes() -> None:
    s = board_room()
    assert refused(s, b.AddElement(actor="ana", element=stroke("k", MAX_POINTS + 1))) == Code.LIMIT
    assert refused(s, b.AddElement(actor="ana", element=stroke("k", 0))) == Code.LIMIT
    assert refused(s, b.AddElement(actor="ana", element=sticky(text="x" * (MAX_TEXT + 1)))) == Code.TOO_LONG
    line = Element(id="l", kind=ElementKind.LINE, points=[(0.0, 0.0)])
    assert refused(s, b.AddElement(actor="ana", element=line)) == Code.LIMIT
    pressured = replace(stroke("p"), pressure=[0.5])
    assert refused(s, b.AddElement(actor="ana", element=pressured)) == Code.BAD_VALUE
    rect_text = Element(id="r", kind=ElementKind.RECT, w=5, h=5, text="no")
    assert refused(s, b.AddElement(actor="ana", element=rect_text)) == Code.BAD_VALUE
    bad_colour = replace(sticky("c"), color="red; stroke:url(javascript:x)")
    assert refused(s, b.AddElement(actor="ana", element=bad_colour)) == Code.BAD_VALUE
    far = replace(sticky("f"), x=float("inf"))
    assert refused(s, b.AddElement(actor="ana", element=far)) == Code.BAD_VALUE


def test_a_full_board_refuses_one_more_element() -> None:
    s = board_room()
    for i in range(MAX_ELEMENTS):
        apply(s, be.ElementAdded(at=T0, element=replace(stroke(f"e{i}", 1), version=1, by="ana")))
    assert refused(s, b.AddElement(actor="ana", element=stroke("one-more"))) == Code.LIMIT


def test_the_board_refuses_strokes_past_its_total_point_budget() -> None:
    s = board_room()
    per = MAX_BOARD_POINTS // 100
    for i in range(100):
        apply(s, be.ElementAdded(at=T0, element=replace(stroke(f"e{i}", per), version=1, by="ana")))
    assert refused(s, b.AddElement(actor="ana", element=stroke("one-more", 1))) == Code.LIMIT
    longer = b.ElementPatch(points=[(0.0, 0.0)] * (per + 1))
    assert refused(s, b.UpdateElement(actor="ana", id="e0", base_version=1, patch=longer)) == Code.LIMIT
    run(s, b.UpdateElement(actor="ana", id="e0", base_version=1, patch=b.ElementPatch(points=[(1.0, 1.0)])))
    run(s, b.AddElement(actor="ana", element=stroke("fits", 2)))


def test_strokes_keep_their_pen_pressure() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=replace(stroke("p", 3), pressure=[0.2, 0.6, 1.0])))
    assert s.board.elements["p"].pressure == [0.2, 0.6, 1.0]


def test_undo_and_redo_walk_ones_own_changes_back_and_forth() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.UpdateElement(actor="ana", id="s1", base_version=1, patch=b.ElementPatch(text="v2")))
    run(s, b.UndoBoard(actor="ana"))
    assert (s.board.elements["s1"].text, s.board.elements["s1"].version) == ("Late handover", 3)
    run(s, b.UndoBoard(actor="ana"))
    assert "s1" not in s.board.elements
    assert refused(s, b.UndoBoard(actor="ana")) == Code.WRONG_STATE
    run(s, b.RedoBoard(actor="ana"))
    assert s.board.elements["s1"].text == "Late handover"
    assert s.board.elements["s1"].version == 4  # versions keep counting across delete and restore
    run(s, b.RedoBoard(actor="ana"))
    assert s.board.elements["s1"].text == "v2"
    assert refused(s, b.RedoBoard(actor="ana")) == Code.WRONG_STATE


def test_undo_of_a_delete_brings_the_element_back() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.DeleteElement(actor="ben", id="s1"))
    run(s, b.UndoBoard(actor="ben"))
    assert s.board.elements["s1"].text == "Late handover"
    # ben's restore is a change by ben, so ana's "add" left her history: her undo cannot remove it
    assert refused(s, b.UndoBoard(actor="ana")) == Code.WRONG_STATE


def test_a_new_change_clears_ones_redo() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    run(s, b.UndoBoard(actor="ana"))
    run(s, b.AddElement(actor="ana", element=sticky("s2")))
    assert refused(s, b.RedoBoard(actor="ana")) == Code.WRONG_STATE


def test_undo_never_overwrites_someone_elses_later_change() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky("mine")))
    run(s, b.AddElement(actor="ana", element=sticky("shared")))
    run(s, b.UpdateElement(actor="ben", id="shared", base_version=1, patch=b.ElementPatch(text="ben's words")))
    run(s, b.UndoBoard(actor="ana"))  # skips "shared" (ben changed it), undoes adding "mine"
    assert "mine" not in s.board.elements
    assert s.board.elements["shared"].text == "ben's words"


def test_only_facilitators_clear_the_board_and_clearing_forgets_all_undo() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    assert refused(s, b.ClearBoard(actor="ana")) == Code.FORBIDDEN
    run(s, b.ClearBoard(actor="fac"))
    assert s.board.elements == {}
    assert refused(s, b.UndoBoard(actor="ana")) == Code.WRONG_STATE


def test_observers_watch_the_board_but_do_not_draw() -> None:
    s = board_room()
    assert refused(s, b.AddElement(actor="obs", element=sticky())) == Code.FORBIDDEN


def test_the_snapshot_shows_elements_and_ones_own_undo_state_only() -> None:
    s = board_room()
    run(s, b.AddElement(actor="ana", element=sticky()))
    ana = views.view_room(s, views.Viewer("ana", P)).board
    ben = views.view_room(s, views.Viewer("ben", P)).board
    assert [e.id for e in ana.elements] == ["s1"]
    assert (ana.can_undo, ben.can_undo) == (True, False)
    assert not hasattr(ana, "history")


# -- convergence -----------------------------------------------------------------------------------

EDITS = {
    "ana": b.ElementPatch(x=400),
    "ben": b.ElementPatch(text="Handover checklist"),
    "cy": b.ElementPatch(color="#74c0fc"),
}


def converge(order: list[str]) -> tuple[RoomState, list[RoomState]]:
    """Three members edit one sticky at once; the server sees them in `order`. Each client keeps a
    replica fed by the server's events and, on `conflict`, re-applies its edit to what it now holds
    and sends it again (it goes to the back of the queue)."""
    s = board_room()
    run(s, b.AddElement(actor="fac", element=sticky()))
    replicas = {m: copy.deepcopy(s) for m in EDITS}
    queue = [(m, 1) for m in order]
    while queue:
        member, base = queue.pop(0)
        cmd = b.UpdateElement(actor=member, id="s1", base_version=base, patch=EDITS[member])
        try:
            events = run(s, cmd)
        except Exception as exc:
            assert getattr(exc, "code", None) == Code.CONFLICT
            queue.append((member, s.board.elements["s1"].version))
            continue
        for replica in replicas.values():
            for ev in events:
                apply(replica, ev)
    return s, list(replicas.values())


@pytest.mark.parametrize("order", list(itertools.permutations(EDITS)))
def test_concurrent_edits_converge_and_none_is_lost_in_any_arrival_order(order: tuple[str, ...]) -> None:
    server, replicas = converge(list(order))
    for replica in replicas:
        assert replica.board == server.board
    el = server.board.elements["s1"]
    assert (el.x, el.text, el.color, el.version) == (400, "Handover checklist", "#74c0fc", 4)


ops = st.lists(
    st.tuples(
        st.sampled_from(["ana", "ben", "fac"]),
        st.sampled_from(["add", "move", "text", "delete", "undo", "redo", "clear"]),
        st.integers(0, 3),
        st.integers(-1, 2),
    ),
    max_size=40,
)


def board_command(member: str, op: str, eid: str, base: int, n: int) -> Command:
    if op == "add":
        return b.AddElement(actor=member, element=sticky(eid))
    if op == "move":
        return b.UpdateElement(actor=member, id=eid, base_version=base, patch=b.ElementPatch(x=n * 7.0))
    if op == "text":
        return b.UpdateElement(actor=member, id=eid, base_version=base, patch=b.ElementPatch(text=f"t{n}"))
    if op == "delete":
        return b.DeleteElement(actor=member, id=eid)
    return {"undo": b.UndoBoard, "redo": b.RedoBoard, "clear": b.ClearBoard}[op](actor=member)


@settings(max_examples=150, deadline=None)
@given(ops)
def test_any_sequence_of_board_operations_replays_to_the_same_board(sequence: list[tuple[str, str, int, int]]) -> None:
    s = board_room()
    start = copy.deepcopy(s)
    log = []
    for member, op, n, stale in sequence:
        eid = f"e{n}"
        current = s.board.elements.get(eid)
        base = (current.version if current else 1) + stale
        cmd = board_command(member, op, eid, base, n)
        try:
            log += run(s, cmd)
        except Exception as exc:
            assert exc.__class__.__name__ == "Rejected", exc
        if stale and op in ("move", "text") and current is not None:
            assert s.board.elements.get(eid) == current  # a stale update never lands
    replay = start
    for ev in log:
        apply(replay, msgspec.msgpack.decode(msgspec.msgpack.encode(ev), type=type(ev)))
    assert replay.board == s.board
    assert decode_state(encode_state(s)).board == s.board
