"""Hypothesis strategies for any room command, built from the command's own fields.

New features get property coverage for free: every command registered in rooms.COMMAND_TYPES is
generated from its field types, seeded with the example from its wire twin in protocol/.
"""

from __future__ import annotations

import dataclasses
import typing
from enum import Enum
from typing import Any

from hypothesis import strategies as st

import rooms
from protocol.codec import CLIENT_COMMANDS, decode_command
from protocol.messages import event_name
from rooms import Command, Tick
from rooms.membership.commands import CreateRoom, Disconnect, Join
from rooms.state import Role
from server.translate import to_command

IDS = ["fay", "cole", "pat", "quin", "obi", "new1", "new2", "ghost"]
WORDS = ["", "Ann", "hello", "x" * 45, "<b>hi</b>", "c1", "e1", "g1", "p1", "s1", "1", "2"]
ID_FIELDS = {"target", "member_id", "owner", "to", "card_id", "element_id", "group_id", "item_id", "phase_id"}


def example_of(kind: type[Command]) -> Command | None:
    event = event_name(kind.__name__)
    wire = CLIENT_COMMANDS.get(event)
    if wire is None:
        return None
    return to_command(decode_command(event, wire.example), actor="pat")


def _field(name: str, tp: Any, example: Any) -> st.SearchStrategy[Any]:
    options: list[st.SearchStrategy[Any]] = []
    if example is not None:
        options.append(st.just(example))
    if name in ("target", "member_id", "owner", "to"):
        options.append(st.sampled_from(IDS))
    elif tp is str:
        options.append(st.sampled_from(WORDS) | st.text(max_size=6))
    elif tp is bool:
        options.append(st.booleans())
    elif tp is int:
        options.append(st.integers(-2, 40))
    elif tp is float:
        options.append(st.floats(-5, 4000, allow_nan=False, allow_infinity=False))
    elif isinstance(tp, type) and issubclass(tp, Enum):
        options.append(st.sampled_from(list(tp)))
    if not options:
        return st.from_type(tp)
    return st.one_of(options)


def command_of(kind: type[Command]) -> st.SearchStrategy[Command]:
    example = example_of(kind)
    hints = typing.get_type_hints(kind)
    fields: dict[str, st.SearchStrategy[Any]] = {"actor": st.sampled_from(IDS)}
    for f in dataclasses.fields(kind):
        if f.name == "actor":
            continue
        value = getattr(example, f.name) if example is not None else None
        fields[f.name] = _field(f.name, hints[f.name], value)
    return st.builds(kind, **fields)


def any_command() -> st.SearchStrategy[Command]:
    kinds = [k for k in rooms.COMMAND_TYPES.values() if not k.system]
    return st.one_of(
        st.builds(
            Join,
            actor=st.sampled_from(IDS),
            name=st.sampled_from(["Ann", "Bo", " ", "Cy"]),
            role=st.sampled_from(list(Role)),
        ),
        st.builds(Disconnect, actor=st.sampled_from(IDS)),
        st.just(Tick(actor="")),
        *[command_of(k) for k in kinds if k is not CreateRoom],
    )
