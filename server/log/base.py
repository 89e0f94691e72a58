"""What every room log (SQLite on one node, Redis Streams in a cluster) promises.

`append` returns only once the events are durable; the runner acknowledges nothing before that.
"""

from __future__ import annotations

import logging
from typing import NamedTuple, Protocol

from rooms import Event, RoomState, apply
from rooms.errors import ImpossibleEvent

log = logging.getLogger(__name__)


class Stamped(NamedTuple):
    """An event with its place in the room's history."""

    seq: int
    event: Event


def replay(state: RoomState, event: Event) -> None:
    """Apply a logged event; one that cannot happen still takes its seq.

    Logs written before appliers became strict (a late tick could log a second `TurnEnded` of the
    same turn) hold events the old appliers swallowed. Replaying them the same way keeps such a
    room loadable with the state it had, instead of refusing to open it after an upgrade.
    """
    try:
        apply(state, event)
    except ImpossibleEvent as exc:
        log.warning(
            "room %s: seq %d (%s) has no effect on replay: %s", state.room_id, state.seq + 1, type(event).__name__, exc
        )
        state.seq += 1


class LogUnavailable(Exception):
    """The log cannot be written or read right now (disk full, Redis away); retryable."""


class Fenced(Exception):
    """This node no longer owns the room: a newer owner's fencing token is in place."""


class EventLog(Protocol):
    async def append(self, room_id: str, events: list[Stamped], fence: int = 0) -> None:
        """Make `events` durable (contiguous seqs following the last stored one)."""

    async def read(self, room_id: str, after: int, limit: int = 10_000) -> list[Stamped]:
        """Events with seq > `after`, in order (fewer when compacted away: check the first seq)."""

    async def load(self, room_id: str) -> RoomState:
        """The room rebuilt from its latest snapshot and the events after it (empty if unknown)."""

    async def save_snapshot(self, room_id: str, state: RoomState) -> None:
        """Store `state` as of `state.seq` so loading and late joiners start from it."""

    async def close(self) -> None: ...
