"""The protocol version a client must announce in its socket.io `auth` at connect."""

PROTOCOL_VERSION = 1
