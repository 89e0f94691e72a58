"""Quick reactions (a thumbs up, "me too"): ephemeral, shown briefly on the sender's tile, never logged.

A reaction is not a raised hand: it asks for nothing and leaves no trace in the room or the record.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from protocol.messages import ClientCommand

#: the reactions a client may send, in the order the browser shows them
REACTIONS = ("thumbs_up", "heart", "clap", "laugh", "thinking", "me_too")


class React(ClientCommand, frozen=True):
    """Show a reaction to everyone in the room: they get socket.io `relay` {type: "react",
    member_id: <sender>, data: {reaction}}. Rate-limited per member (`rate_limited`)."""

    ephemeral: ClassVar[bool] = True
    reaction: Literal["thumbs_up", "heart", "clap", "laugh", "thinking", "me_too"]
    example = {"reaction": "thumbs_up"}
