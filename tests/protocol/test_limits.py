"""One table of limits (rooms/limits.py): the wire refuses past them with the room's own codes."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from protocol.codec import CLIENT_COMMANDS, DecodeError, decode_command
from protocol.messages import ClientCommand
from rooms.errors import Code
from rooms.limits import LIMITS

LIMIT_VALUES = {limit.n for limit in LIMITS.values()}


def bounded_fields() -> list[tuple[str, str, Any]]:
    """(event, field, type info) for every top-level command field with a maximum length."""
    out = []
    for event, kind in sorted(CLIENT_COMMANDS.items()):
        info = msgspec.inspect.type_info(kind)
        assert isinstance(info, msgspec.inspect.StructType)
        for field in info.fields:
            tp = field.type
            if isinstance(tp, msgspec.inspect.UnionType):
                tp = next(t for t in tp.types if not isinstance(t, msgspec.inspect.NoneType))
            if getattr(tp, "max_length", None) is not None:
                out.append((event, field.name, tp))
    return out


BOUNDED = bounded_fields()


def past(tp: Any) -> Any:
    if isinstance(tp, msgspec.inspect.StrType):
        return "x" * (tp.max_length + 1)
    if isinstance(tp, msgspec.inspect.ListType):
        item = "m-1" if isinstance(tp.item_type, msgspec.inspect.StrType) else [0.0, 0.0]
        return [item] * (tp.max_length + 1)
    return {str(i): i for i in range(tp.max_length + 1)}


@pytest.mark.parametrize(("event", "field", "tp"), BOUNDED, ids=[f"{e}.{f}" for e, f, _ in BOUNDED])
def test_a_field_past_its_limit_is_refused_with_too_long_or_limit_not_bad_payload(
    event: str, field: str, tp: Any
) -> None:
    kind: type[ClientCommand] = CLIENT_COMMANDS[event]
    payload = {**kind.example, field: past(tp)}
    with pytest.raises(DecodeError) as refused:
        decode_command(event, payload)
    expected = Code.TOO_LONG if isinstance(tp, msgspec.inspect.StrType) else Code.LIMIT
    assert refused.value.error.code.value == expected.value, refused.value.error.message


@pytest.mark.parametrize(("event", "field", "tp"), BOUNDED, ids=[f"{e}.{f}" for e, f, _ in BOUNDED])
def test_every_wire_length_limit_comes_from_the_limits_table(event: str, field: str, tp: Any) -> None:
    assert tp.max_length in LIMIT_VALUES, f"{event}.{field}: {tp.max_length} is in no table"


def test_a_stroke_of_2001_points_is_limit_and_a_text_of_4001_characters_too_long() -> None:
    stroke = {"element": {"id": "s1", "kind": "stroke", "points": [[0, 0]] * 2001}}
    text = {"element": {"id": "t1", "kind": "text", "text": "x" * 4001}}
    for payload, code in ((stroke, Code.LIMIT), (text, Code.TOO_LONG)):
        with pytest.raises(DecodeError) as refused:
            decode_command("add_element", payload)
        assert refused.value.error.code.value == code.value
