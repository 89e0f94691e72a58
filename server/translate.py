"""Wire command -> room command: the same name and fields, plus the actor from the connection.

The role never comes from the client: it is the member's role in the room state, checked by the
core against rooms/permissions.py.
"""

from __future__ import annotations

import msgspec

from protocol.messages import ClientCommand
from rooms import COMMAND_TYPES, Command


def to_command(wire: ClientCommand, actor: str) -> Command:
    kind = COMMAND_TYPES[type(wire).__name__]
    fields = msgspec.to_builtins(wire)
    fields["actor"] = actor
    return msgspec.convert(fields, kind)
