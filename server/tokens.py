"""Signed tokens: join links (room, role, session) and member tokens (who you are in a room).

JWT with HS256 through PyJWT: a maintained, audited implementation that refuses `alg=none` and
algorithm confusion when the accepted algorithms are pinned, as they are here. Audiences keep the
two kinds apart: a member token is not a link, and neither works in another room or session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

from protocol.errors import ErrorCode, WireError
from rooms.state import Role

ALGORITHMS = ["HS256"]
LINK_AUDIENCE = "peergroup:link"
MEMBER_AUDIENCE = "peergroup:member"
LINK_TTL = 14 * 24 * 3600
MEMBER_TTL = 24 * 3600


class TokenRefused(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.error = WireError.of(code, message)


@dataclass(frozen=True)
class Link:
    room_id: str
    role: Role
    session: int


@dataclass(frozen=True)
class MemberClaim:
    room_id: str
    member_id: str
    session: int


class Signer:
    def __init__(self, secret: str) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret must be at least 32 characters")
        self._secret = secret

    def link(self, room_id: str, role: Role, session: int, ttl: float = LINK_TTL) -> str:
        now = int(time.time())
        claims = {
            "aud": LINK_AUDIENCE,
            "room": room_id,
            "role": role.value,
            "ses": session,
            "iat": now,
            "exp": now + int(ttl),
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def member(self, room_id: str, member_id: str, session: int, ttl: float = MEMBER_TTL) -> str:
        now = int(time.time())
        claims = {
            "aud": MEMBER_AUDIENCE,
            "room": room_id,
            "sub": member_id,
            "ses": session,
            "iat": now,
            "exp": now + int(ttl),
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def _decode(self, token: object, audience: str) -> dict[str, object]:
        if not isinstance(token, str) or not token:
            raise TokenRefused(ErrorCode.BAD_TOKEN, "a token is required")
        try:
            claims: dict[str, object] = jwt.decode(
                token,
                self._secret,
                algorithms=ALGORITHMS,
                audience=audience,
                options={"require": ["exp", "aud", "room", "ses"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRefused(ErrorCode.TOKEN_EXPIRED, "the link has expired; ask for a new one") from None
        except jwt.InvalidTokenError as exc:
            raise TokenRefused(ErrorCode.BAD_TOKEN, f"the token is not valid ({exc})") from None
        return claims

    def read_link(self, token: object) -> Link:
        c = self._decode(token, LINK_AUDIENCE)
        try:
            return Link(room_id=str(c["room"]), role=Role(c["role"]), session=int(str(c["ses"])))
        except (KeyError, ValueError):
            raise TokenRefused(ErrorCode.BAD_TOKEN, "the token names no valid role") from None

    def read_member(self, token: object, room_id: str) -> MemberClaim:
        c = self._decode(token, MEMBER_AUDIENCE)
        if c.get("room") != room_id:
            raise TokenRefused(ErrorCode.WRONG_ROOM, "this member token is for another room")
        sub = c.get("sub")
        if not isinstance(sub, str):
            raise TokenRefused(ErrorCode.BAD_TOKEN, "the member token names nobody")
        return MemberClaim(room_id=room_id, member_id=sub, session=int(str(c["ses"])))
