"""What each error code means, and whether retrying the same thing can succeed."""

from __future__ import annotations

import msgspec

from rooms.errors import Code

#: the one list of codes is rooms/errors.py; the wire speaks it unchanged
ErrorCode = Code


#: what each code means, for docs/protocol.md and for people reading logs
MEANING: dict[ErrorCode, str] = {
    ErrorCode.NO_SUCH_ROOM: "the room does not exist (or the link is for a room that was never created)",
    ErrorCode.ROOM_EXISTS: "a room with this id exists already",
    ErrorCode.NOT_MEMBER: "the actor is not (or no longer) in the room",
    ErrorCode.IN_LOBBY: "the actor is waiting in the lobby and may do nothing until admitted",
    ErrorCode.FORBIDDEN: "the actor's role may not send this command (see the permission table)",
    ErrorCode.ROOM_FULL: "the room has reached its capacity",
    ErrorCode.ROOM_LOCKED: "the room is locked",
    ErrorCode.REMOVED: "a facilitator removed this member; their tokens no longer bring them back",
    ErrorCode.BAD_NAME: "a display name needs 1-40 visible characters",
    ErrorCode.BAD_VALUE: "a field has a value the room cannot use (the message says which)",
    ErrorCode.NO_SUCH_MEMBER: "the target member is not in the room",
    ErrorCode.NOT_WAITING: "the target member is not waiting in the lobby",
    ErrorCode.WRONG_STATE: "the command does not fit the room's current state (e.g. no round is running)",
    ErrorCode.TOO_LONG: "a text is longer than its limit",
    ErrorCode.LIMIT: "a count limit was reached (elements, points, cards, votes)",
    ErrorCode.NOT_FOUND: "the target item (card, element, phase) does not exist",
    ErrorCode.CONFLICT: "the item changed since the version the command was based on, or a duplicate",
    ErrorCode.UNKNOWN_EVENT: "no socket.io event of that name exists",
    ErrorCode.BAD_PAYLOAD: "the payload does not match the event's schema (the message names the field)",
    ErrorCode.TOO_LARGE: "the payload is over the size limit (64 KiB by default)",
    ErrorCode.RATE_LIMITED: "too many commands from this connection; retry after a short pause",
    ErrorCode.NOT_JOINED: "send `join` first",
    ErrorCode.VERSION_MISMATCH: "the client speaks another protocol version; reload the client",
    ErrorCode.BAD_TOKEN: "the token is missing, forged, malformed, or from an earlier session",
    ErrorCode.TOKEN_EXPIRED: "the token has expired; ask the facilitator for a new link",
    ErrorCode.WRONG_ROOM: "the token is for another room",
    ErrorCode.UNAVAILABLE: "the room cannot be written right now (storage or Redis away, owner moving); retry",
    ErrorCode.TIMEOUT: "the room did not answer in time; retry",
    ErrorCode.INTERNAL: "a bug on the server; nothing changed",
}

RETRYABLE = frozenset({ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT})


class WireError(msgspec.Struct, frozen=True):
    """The `error` member of a refused acknowledgement, or the data of a refused connect."""

    code: ErrorCode
    message: str
    retryable: bool = False

    @classmethod
    def of(cls, code: ErrorCode, message: str) -> WireError:
        return cls(code=code, message=message, retryable=code in RETRYABLE)
