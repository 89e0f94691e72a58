"""Each wire command is its core command without `actor`: same fields, same types, same defaults."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

import rooms
from protocol.codec import CLIENT_COMMANDS
from protocol.errors import MEANING, ErrorCode
from rooms.errors import Code

mi = msgspec.inspect
#: fields of a core value the server fills in, which a client never sends (an element's version, author
#: and the breakout space it was drawn in)
SERVER_FILLED = {"actor", "version", "by", "space"}
TWINS = sorted((e, k) for e, k in CLIENT_COMMANDS.items() if not k.ephemeral)


def shape(t: Any) -> Any:
    """A type as plain data, without its limits (those come from rooms/limits.py on both sides)."""
    if isinstance(t, mi.Metadata):
        return shape(t.type)
    if isinstance(t, mi.ListType) and t.min_length is not None and t.min_length == t.max_length:
        return ("tuple", (shape(t.item_type),) * t.min_length)  # [x, y] on the wire is a pair
    if isinstance(t, mi.StrType | mi.IntType | mi.FloatType | mi.BoolType | mi.NoneType | mi.AnyType):
        return type(t).__name__
    if isinstance(t, mi.EnumType):
        return ("choice", tuple(sorted(str(m.value) for m in t.cls)))
    if isinstance(t, mi.LiteralType):
        return ("choice", tuple(sorted(str(v) for v in t.values)))
    if isinstance(t, mi.ListType | mi.SetType | mi.FrozenSetType | mi.VarTupleType):
        return ("list", shape(t.item_type))
    if isinstance(t, mi.TupleType):
        return ("tuple", tuple(shape(i) for i in t.item_types))
    if isinstance(t, mi.DictType):
        return ("dict", shape(t.key_type), shape(t.value_type))
    if isinstance(t, mi.UnionType):
        return ("union", frozenset(shape(i) for i in t.types))
    if isinstance(t, mi.StructType | mi.DataclassType):
        return ("object", fields(t))
    raise AssertionError(f"no shape for {t!r}")


def fields(t: Any) -> tuple[Any, ...]:
    out = []
    for f in t.fields:
        if f.name in SERVER_FILLED:
            continue
        default = f.default if f.default is not mi.NODEFAULT else None
        factory = f.default_factory() if f.default_factory is not mi.NODEFAULT else None
        out.append((f.name, shape(f.type), f.required, msgspec.to_builtins(default if factory is None else factory)))
    return tuple(sorted(out, key=lambda x: str(x[0])))


@pytest.mark.parametrize(("event", "wire"), TWINS, ids=[e for e, _ in TWINS])
def test_a_wire_command_has_its_core_commands_fields_types_and_defaults(event: str, wire: type[Any]) -> None:
    core = rooms.COMMAND_TYPES[wire.__name__]
    assert fields(mi.type_info(wire)) == fields(mi.type_info(core))


def test_error_codes_are_listed_once_and_each_says_what_it_means() -> None:
    assert ErrorCode is Code
    assert set(MEANING) == set(Code)
