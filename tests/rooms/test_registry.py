"""The room is the list in rooms/registry.py: explicit, built by tests at will, and without duplicates."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, replace
from typing import Any

import pytest
from hypothesis import given, settings

from rooms import CORE, FEATURES, Core, Event, RoomState
from rooms.base import Command
from rooms.floor import commands as fc
from rooms.floor import events as fe
from rooms.membership.events import MemberKnocked
from rooms.rules import DuplicateRule, Rules
from rooms.viewer import Viewer
from tests.rooms.room import Room
from tests.rooms.test_late_ticks import script_steps, step


@dataclass(frozen=True, slots=True, kw_only=True)
class Wave(Command):
    """A command only the tests' own core knows."""


def test_a_core_built_by_a_test_knows_its_extra_rule_and_the_served_core_does_not() -> None:
    extra = Rules("tests.wave")

    @extra.decider(Wave)
    def wave(state: RoomState, cmd: Wave, now: float) -> list[Event]:
        return []

    mine = Core([*FEATURES, extra])
    assert "Wave" in mine.command_types
    assert "Wave" not in CORE.command_types


def test_a_second_decider_for_one_command_is_refused_within_a_module() -> None:
    rules = Rules("tests.twice")
    rules.decider(fc.RaiseHand)(lambda state, cmd, now: [])
    with pytest.raises(DuplicateRule):
        rules.decider(fc.RaiseHand)(lambda state, cmd, now: [])


@pytest.mark.parametrize("kind", ["decider", "applier", "event_view", "state_view", "reaction"])
def test_a_second_rule_for_one_key_is_refused_across_modules(kind: str) -> None:
    rules = Rules("tests.again")
    key: dict[str, Any] = {
        "decider": fc.RaiseHand,
        "applier": fe.HandRaised,
        "event_view": MemberKnocked,
        "state_view": "floor",
        "reaction": fe.StickRoundEnded,
    }
    getattr(rules, kind)(key[kind])(lambda *args: [])
    with pytest.raises(DuplicateRule):
        Core([*FEATURES, rules])


def test_a_module_listed_twice_is_refused() -> None:
    with pytest.raises(DuplicateRule):
        Core([*FEATURES, FEATURES[0]])


def test_every_command_and_event_has_exactly_one_rule() -> None:
    commands = {*CORE.deciders, *CORE.hooked_deciders}
    assert len(commands) == len(CORE.deciders) + len(CORE.hooked_deciders)
    assert set(CORE.event_types.values()) == set(CORE.appliers)


@pytest.mark.parametrize("template", ["check-in", "1-2-4-all"])
@settings(max_examples=40, deadline=None)
@given(script=script_steps)
def test_an_applier_changes_only_the_parts_of_the_state_its_module_declares(template: str, script: list[Any]) -> None:
    room = Room(template=template, participants=4)
    for kind, who, other, amount in script:
        step(room, kind, who, other, amount, late=True)
    replay = RoomState(room_id=room.state.room_id)
    fields = [f.name for f in dataclasses.fields(RoomState) if f.name != "seq"]
    for ev in room.log:
        writes = CORE.writes[type(ev)]
        kept = {
            name: copy.deepcopy(getattr(replay, name)) for name in fields if writes is not None and name not in writes
        }
        CORE.apply(replay, ev)
        changed = [name for name, before in kept.items() if getattr(replay, name) != before]
        assert not changed, f"{type(ev).__name__} changed {changed}, which its module does not declare"


def test_a_knock_reaches_others_without_the_name_and_facilitators_with_it() -> None:
    room = Room(participants=1)
    knock = MemberKnocked(at=room.now, member_id="x", name="Xu", role=room.state.members["p1"].role)
    assert CORE.view_event(knock, Viewer("p1", room.state.members["p1"].role)) == replace(knock, name="")
    assert CORE.view_event(knock, Viewer("fac", room.state.members["fac"].role)) == knock
