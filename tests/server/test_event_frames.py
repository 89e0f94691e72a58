"""An event's frame is encoded straight from its dataclasses (server/feed.py), not from the maps
`to_wire` makes first. msgspec's msgpack encoder writes both the same way except for the types
`to_builtins` turns into strings (bytes, dates and times, UUIDs, decimals): no event may hold one,
or a client would see two encodings of the same field."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import typing
import uuid

import msgspec
import pytest

from protocol.codec import to_wire
from rooms import EVENT_TYPES
from rooms.board import commands as b
from rooms.board.state import Element, ElementKind
from rooms.floor import commands as f
from tests.rooms.room import Room

DIFFER = (bytes, bytearray, memoryview, datetime.datetime, datetime.date, datetime.time, uuid.UUID, decimal.Decimal)
_encode = msgspec.msgpack.Encoder().encode


def leaf_types(tp: object, seen: set[object]) -> set[object]:
    """Every type a value of `tp` can hold, through containers, unions and nested dataclasses."""
    if tp in seen:
        return set()
    seen.add(tp)
    out: set[object] = set()
    args = typing.get_args(tp)
    if args:
        for a in args:
            out |= leaf_types(a, seen)
        return out
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or issubclass(tp, msgspec.Struct)):
        for hint in typing.get_type_hints(tp).values():
            out |= leaf_types(hint, seen)
        return out
    return {tp}


@pytest.mark.parametrize("name", sorted(EVENT_TYPES))
def test_no_event_holds_a_type_to_wire_would_encode_differently(name: str) -> None:
    held = leaf_types(EVENT_TYPES[name], set())
    assert not [t for t in held if isinstance(t, type) and issubclass(t, DIFFER)], name


def test_the_events_of_a_session_encode_to_the_same_bytes_both_ways() -> None:
    room = Room(participants=3)
    room.do(f.GiveFloor(actor="fac", target="p1"))
    room.do(f.EndTurn(actor="fac"))
    room.do(b.AddElement(actor="p2", element=Element(id="n1", kind=ElementKind.STICKY, w=90, h=60, text="hi")))
    events = room.log
    assert len({type(ev) for ev in events}) >= 5
    for ev in events:
        assert _encode(ev) == _encode(to_wire(ev)), type(ev).__name__
