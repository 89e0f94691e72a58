"""Per-connection rate limits: a token bucket (cheap, bursty enough for humans, fair under floods)."""

from __future__ import annotations

from collections.abc import Callable


class TokenBucket:
    def __init__(self, rate: float, burst: float, now: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = burst
        self._now = now
        self._tokens = burst
        self._at = now()

    def take(self, cost: float = 1.0) -> bool:
        """Spend `cost` tokens if there are enough; False means: refuse this one."""
        t = self._now()
        self._tokens = min(self.burst, self._tokens + (t - self._at) * self.rate)
        self._at = t
        if self._tokens < cost:
            return False
        self._tokens -= cost
        return True
