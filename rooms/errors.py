"""Why a command is refused: every error code a client can receive, once.

`decide` raises `Rejected`; the state is untouched. Codes are stable strings that travel to the
client unchanged; the server's own codes (a payload that does not fit, a rate limit, a token) are
listed here too, so there is one list (protocol/errors.py says which are retryable and what each
means).
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Reasons the room refuses a command."""

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
    # the server refused it before it reached the room
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


class Rejected(Exception):
    """A command the room refuses; raising it leaves the state exactly as it was."""

    def __init__(self, code: Code, detail: str) -> None:
        super().__init__(f"{code.value}: {detail}")
        self.code = code
        self.detail = detail


class ImpossibleEvent(Exception):
    """An event that cannot happen in this state (a second end of the same turn): a bug in a rule.

    Appliers raise it instead of swallowing the event, so the bug surfaces where it is made (the
    runner refuses the command whose rule produced it) rather than in every client's log.
    """
