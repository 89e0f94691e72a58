"""Every error code a client can receive, with whether retrying the same thing can succeed."""

from __future__ import annotations

from enum import StrEnum

import msgspec


class ErrorCode(StrEnum):
    """Error codes, stable across versions; `message` beside them is for people."""

    # the room refused the command (rooms/errors.py; a test keeps the two lists in step)
    NO_SUCH_ROOM = "no_such_room"
    ROOM_EXISTS = "room_exists"
    NOT_MEMBER = "not_member"
    IN_LOBBY = "in_lobby"
    FORBIDDEN = "forbidden"
    ROOM_FULL = "room_full"
    ROOM_LOCKED = "room_locked"
    REMOVED = "removed"
    BAD_NAME = "bad_name"
    BAD_VALUE = "bad_value"
    NO_SUCH_MEMBER = "no_such_member"
    NOT_WAITING = "not_waiting"
    WRONG_STATE = "wrong_state"
    TOO_LONG = "too_long"
    LIMIT = "limit"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    # the message never reached the room
    UNKNOWN_EVENT = "unknown_event"
    BAD_PAYLOAD = "bad_payload"
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"
    NOT_JOINED = "not_joined"
    # connect refusals
    VERSION_MISMATCH = "version_mismatch"
    BAD_TOKEN = "bad_token"
    TOKEN_EXPIRED = "token_expired"
    WRONG_ROOM = "wrong_room"
    # the server could not take the command now; the same command may succeed later
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    INTERNAL = "internal"


RETRYABLE = frozenset({ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT})


class WireError(msgspec.Struct, frozen=True):
    """The `error` member of a refused acknowledgement, or the data of a refused connect."""

    code: ErrorCode
    message: str
    retryable: bool = False

    @classmethod
    def of(cls, code: ErrorCode, message: str) -> WireError:
        return cls(code=code, message=message, retryable=code in RETRYABLE)
