"""The one codec: wire maps to structs and back. Transport framing is msgpack (socket.io's
msgpack parser); this module turns the decoded maps into typed structs and refuses the rest."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from protocol import agenda as _agenda  # noqa: F401  (registers its commands)
from protocol import board as _board  # noqa: F401  (registers its commands)
from protocol import chat as _chat  # noqa: F401  (registers its commands)
from protocol import floor as _floor  # noqa: F401  (registers its commands)
from protocol import media as _media  # noqa: F401  (registers its commands)
from protocol import membership as _membership  # noqa: F401  (registers its commands)
from protocol import moderation as _moderation  # noqa: F401  (registers its commands)
from protocol import reactions as _reactions  # noqa: F401  (registers its commands)
from protocol import reflections as _reflections  # noqa: F401  (registers its commands)
from protocol import screen as _screen  # noqa: F401  (registers its commands)
from protocol import sessions as _sessions  # noqa: F401  (registers its commands)
from protocol import spaces as _spaces  # noqa: F401  (registers its commands)
from protocol import speech as _speech  # noqa: F401  (registers its commands)
from protocol.errors import ErrorCode, WireError
from protocol.messages import CLIENT_COMMANDS, ClientCommand

T = TypeVar("T")


class DecodeError(Exception):
    """The message cannot become a command; `error` says why."""

    def __init__(self, error: WireError) -> None:
        super().__init__(error.message)
        self.error = error


#: msgspec's words for a value past one of rooms/limits.py's limits, and the code the room gives it
_PAST_A_LIMIT = [
    (re.compile(r"^Expected `str` of length <= "), ErrorCode.TOO_LONG),
    (re.compile(r"^Expected `(array|object)` of length <= "), ErrorCode.LIMIT),
    (re.compile(r"^Expected `(int|float)` [<>]=? "), ErrorCode.BAD_VALUE),
]


def refusal_code(error: msgspec.ValidationError) -> ErrorCode:
    """The code for a payload that does not fit: the room's own code when a limit is passed (so a
    4,001-character text is `too_long` and a 2,001-point stroke `limit`, as the rules would say)."""
    message = str(error)
    return next((code for pattern, code in _PAST_A_LIMIT if pattern.match(message)), ErrorCode.BAD_PAYLOAD)


def decode_as(payload: Any, kind: type[T]) -> T:
    """`payload` (a decoded msgpack value) as `kind`, or DecodeError (bad_payload, or a limit's code)."""
    try:
        return msgspec.convert({} if payload is None else payload, kind)
    except msgspec.ValidationError as exc:
        raise DecodeError(WireError.of(refusal_code(exc), str(exc))) from None


def decode_command(event: str, payload: Any) -> ClientCommand:
    """The command a client sent as socket.io `event`, or DecodeError."""
    kind = CLIENT_COMMANDS.get(event)
    if kind is None:
        raise DecodeError(WireError.of(ErrorCode.UNKNOWN_EVENT, f"no event named {event[:64]!r}"))
    return decode_as(payload, kind)


def to_wire(value: Any) -> Any:
    """Structs, dataclasses and enums as plain maps, lists and scalars, ready for msgpack."""
    return msgspec.to_builtins(value)
