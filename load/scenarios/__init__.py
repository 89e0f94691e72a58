"""The scenarios `peergroup load --scenario NAME` can run (each module registers itself)."""

import contextlib

from load.scenarios import chatter as _chatter  # noqa: F401
from load.scenarios.base import SCENARIOS, RoomView, Scenario, Step

# "session" drives facilitation, board and reflections: available once their protocol modules are in.
with contextlib.suppress(ImportError):
    from load.scenarios import session as _session  # noqa: F401

__all__ = ["SCENARIOS", "RoomView", "Scenario", "Step"]
