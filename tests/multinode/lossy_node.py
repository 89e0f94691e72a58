"""`python -m tests.multinode.lossy_node serve ...`: a real node whose Redis backend never publishes
the seqs in PEERGROUP_TEST_DROP_PUBLISH ("5,6"), though it stores them (RELIABILITY.md: a lost
pub/sub message is repaired from the Stream). The fault lives here, not in the production backend.
"""

from __future__ import annotations

import os
import sys

from server.cli import main
from server.cluster.redis import RedisBackend

DROPPED = {int(x) for x in os.environ.get("PEERGROUP_TEST_DROP_PUBLISH", "").split(",") if x.strip()}
announce = RedisBackend._announce


def lossy_announce(
    self: RedisBackend, room_id: str, events: list[tuple[int, str, bytes]]
) -> tuple[bytes, float | None]:
    """Publish nothing for a batch holding a dropped seq (the append still stores it)."""
    payload, deadline = announce(self, room_id, events)
    return (b"", deadline) if any(seq in DROPPED for seq, _, _ in events) else (payload, deadline)


RedisBackend._announce = lossy_announce  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
