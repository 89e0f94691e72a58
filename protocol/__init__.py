"""The wire: every socket.io message as a typed struct, the error codes, the protocol version."""

from protocol.errors import ErrorCode, WireError
from protocol.version import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION", "ErrorCode", "WireError"]
