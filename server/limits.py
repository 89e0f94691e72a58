"""Per-connection rate limits: a token bucket (cheap, bursty enough for humans, fair under floods)."""

from __future__ import annotations

import time
from collections.abc import Callable

#: keys remembered at most per table; the oldest half is forgotten past it (memory stays bounded)
MAX_KEYS = 10_000


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


class KeyedBuckets:
    """One token bucket per key (a link, an address), created full on first use."""

    def __init__(self, per_minute: int, now: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._now = now
        self._buckets: dict[str, TokenBucket] = {}

    def allow(self, key: str) -> bool:
        if self.per_minute <= 0:
            return True  # 0 turns the limit off
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                for old in list(self._buckets)[: MAX_KEYS // 2]:
                    del self._buckets[old]
            bucket = self._buckets[key] = TokenBucket(self.per_minute / 60, self.per_minute, self._now)
        return bucket.take()


class JoinLimits:
    """Joins through one link and from one address, each a bucket refilled over a minute (wall time)."""

    def __init__(self, per_link: int, per_address: int) -> None:
        self.links = KeyedBuckets(per_link)
        self.addresses = KeyedBuckets(per_address)

    def allow(self, link: str, address: str) -> bool:
        return self.links.allow(link) and self.addresses.allow(address)
