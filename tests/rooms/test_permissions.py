"""The permission table is the whole truth: every role on every command."""

from __future__ import annotations

import dataclasses

import pytest

import rooms
from rooms import Rejected, decide
from rooms.errors import Code
from rooms.permissions import PERMISSIONS
from rooms.state import Role
from tests.rooms.harness import standard_room
from tests.rooms.strategies import example_of

MEMBER_OF = {Role.FACILITATOR: "fay", Role.CO_FACILITATOR: "cole", Role.PARTICIPANT: "pat", Role.OBSERVER: "obi"}
CASES = [(k, r) for k in sorted(PERMISSIONS, key=lambda k: k.__name__) for r in Role]


def test_every_client_command_is_in_the_permission_table() -> None:
    missing = [k.__name__ for k in rooms.COMMAND_TYPES.values() if not k.system and k not in PERMISSIONS]
    assert missing == []


@pytest.mark.parametrize(("kind", "role"), CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_only_the_roles_in_the_table_may_send_each_command(kind: type[rooms.Command], role: Role) -> None:
    example = example_of(kind)
    assert example is not None, f"{kind.__name__} has no wire example"
    actor = MEMBER_OF[role]
    command = dataclasses.replace(example, actor=actor)
    room = standard_room()
    before = room.snapshot()
    try:
        decide(room.state, command, room.now)
        refused = None
    except Rejected as exc:
        refused = exc
    if role in PERMISSIONS[kind]:
        assert refused is None or not refused.detail.startswith(f"a {role.value} may not"), refused
    else:
        assert refused is not None and refused.code is Code.FORBIDDEN
        assert room.state == before
