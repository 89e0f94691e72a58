"""Every Redis key and channel name of a cluster, in one place.

A room's keys share the hash tag `{room_id}`, so on a Redis Cluster they live in one slot and the
Lua scripts that touch several of them stay legal.
"""

from __future__ import annotations

PREFIX = "pg"


def room_key(room_id: str, what: str) -> str:
    """`log` (Stream), `last` (last seq), `snap` (snapshot hash), `fence`, `owner`, `where`, `ch`."""
    return f"{PREFIX}:{{{room_id}}}:{what}"


#: sorted set: room -> its next deadline, so a timer fires even when nobody follows its room
TIMERS = f"{PREFIX}:timers"


def node_key(node_id: str, what: str) -> str:
    """`alive` (heartbeat key) and `rpc` (the channel forwarded commands and replies arrive on)."""
    return f"{PREFIX}:node:{node_id}:{what}"
