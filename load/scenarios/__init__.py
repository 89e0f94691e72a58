"""The scenarios `peergroup load --scenario NAME` can run (each module registers itself)."""

from load.scenarios import chatter as _chatter  # noqa: F401
from load.scenarios import session as _session  # noqa: F401
from load.scenarios.base import SCENARIOS, RoomView, Scenario, Step

__all__ = ["SCENARIOS", "RoomView", "Scenario", "Step"]
