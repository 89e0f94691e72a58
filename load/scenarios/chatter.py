"""chatter: steady membership traffic for capacity runs.

Every participant renames itself at `rate` per second (Poisson arrivals, as people do not act in
lockstep), and every 30 s the facilitator locks the room for 2 s, as one does while a round starts
(nobody new walks in mid-sentence). Each command makes one event that every member receives, so
deliveries/s = rooms x peers x rate x peers.
"""

from __future__ import annotations

import random

from load.scenarios.base import Scenario, Step, do, poisson, scenario
from protocol.membership import LockRoom, Rename, UnlockRoom

LOCK_EVERY = 30.0
LOCKED_FOR = 2.0


@scenario
class Chatter(Scenario):
    name = "chatter"
    summary = "each participant renames itself at --rate/s; the facilitator locks and unlocks every 30 s"

    def steps(self, peers: int, duration: float, rng: random.Random) -> list[Step]:
        plan: list[Step] = []
        for who in range(peers):
            for n, at in enumerate(poisson(self.rate, 0.0, duration, rng)):
                plan.append(Step(at, who, do(Rename(name=f"peer {who} #{n}"))))
        at = LOCK_EVERY * rng.random()
        while at + LOCKED_FOR < duration:
            plan.append(Step(at, 0, do(LockRoom())))
            plan.append(Step(at + LOCKED_FOR, 0, do(UnlockRoom())))
            at += LOCK_EVERY
        return plan
