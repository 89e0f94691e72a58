"""A bug in one command's rule fails that command only, not the other members' commands beside it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

import pytest

from rooms import FEATURES, Command, Core, Event, RoomState
from rooms.membership.commands import Rename
from rooms.rules import Rules
from server.runner import Refused
from tests.conftest import InProcessServer


@dataclass(frozen=True, slots=True, kw_only=True)
class Explode(Command):
    """A system command whose rule has a bug (never on the wire, outside the permission table)."""

    system: ClassVar[bool] = True


buggy = Rules("tests.buggy")


@buggy.decider(Explode)
def explode(state: RoomState, cmd: Explode, now: float) -> list[Event]:
    raise RuntimeError("a bug in a rule")


async def test_a_failing_rule_refuses_its_own_command_and_spares_the_rest_of_the_batch(
    server: InProcessServer,
) -> None:
    server.node.backend.core = Core([*FEATURES, buggy])  # this node only, not the whole test session
    room = await server.create_room()
    ana = await server.member(room, "facilitator", "Ana")
    backend = server.node.backend
    # Submitted together, they land in one batch of the room's single writer.
    bug = asyncio.ensure_future(backend.submit(room["room_id"], Explode(actor="")))
    ok = asyncio.ensure_future(backend.submit(room["room_id"], Rename(actor=ana.me["id"], name="Ana B")))
    with pytest.raises(Refused) as refused:
        await bug
    assert refused.value.error.code == "internal"
    accepted = await ok
    assert accepted.changed
    await ana.wait_seq(accepted.seq)
    assert ana.events[-1]["type"] == "MemberRenamed" and ana.events[-1]["data"]["name"] == "Ana B"
