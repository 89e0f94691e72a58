"""A peergroup server that silently drops every Nth public event delivery: proof the load tool sees loss.

    python -m tests.load.lossy_server N serve --port ... (the rest as `python -m server`)

Test-only: it wraps the one delivery step of `RoomFeed` (its `_deliver`); the server itself has no
such switch.
"""

from __future__ import annotations

import itertools
import sys

from engineio.packet import Packet

from server.cli import main
from server.feed import Attached, RoomFeed


def drop_every(n: int) -> None:
    """Make every node in this process lose its every `n`-th public event delivery."""
    deliveries = itertools.count(1)
    deliver = RoomFeed._deliver

    def lossy(self: RoomFeed, a: Attached, pkt: Packet) -> None:
        if next(deliveries) % n:
            deliver(self, a, pkt)

    RoomFeed._deliver = lossy  # type: ignore[method-assign]


if __name__ == "__main__":
    drop_every(int(sys.argv.pop(1)))
    sys.exit(main())
