"""\"N people are writing\": typing signals folded into a count that names nobody.

Members send the ephemeral `set_writing`. Relaying it as is would name the writer, which in an
anonymous phase links a person to the card that appears a moment later. So the feed keeps who is
writing on the server and sends everyone only the count. A writer who vanishes without sending
`false` stops counting after `TTL` seconds (clients repeat `true` while they type).
"""

from __future__ import annotations

TTL = 8.0


class WritingCount:
    """Who is writing a card now (member -> until when), per room and node; only the count leaves."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def update(self, member_id: str, writing: bool, now: float) -> int:
        """Record one signal; returns how many people are writing now."""
        if writing:
            self._until[member_id] = now + TTL
        else:
            self._until.pop(member_id, None)
        for m in [m for m, t in self._until.items() if t <= now]:
            del self._until[m]
        return len(self._until)
