"""Why the core refuses a command.

`decide` raises `Rejected`; the state is untouched. Codes are stable strings that travel to the
client unchanged (protocol/errors.py lists them with the transport-level ones).
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
