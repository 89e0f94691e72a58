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


#: relays with a budget of their own on top of the shared one (per second, burst): a reaction is a
#: gesture, and a flood of them would drown the tiles and the screen reader's polite region
RELAY_RATES: dict[str, tuple[float, float]] = {
    "react": (1.0, 4.0),
}


def relay_bucket(buckets: dict[str, TokenBucket], event: str, now: Callable[[], float]) -> TokenBucket | None:
    """The per-event bucket for `event` in `buckets` (made on first use), or None when it has none."""
    rate = RELAY_RATES.get(event)
    if rate is None:
        return None
    if event not in buckets:
        buckets[event] = TokenBucket(rate[0], rate[1], now)
    return buckets[event]
