"""What stands before every HTTP handler: a rate limit per address, and an access log without secrets.

A stranger looping on the API must cost a bounded amount: each client address gets a token bucket
for `/api/`, and is answered `429 rate_limited` past it (the node sees the TCP peer; behind a proxy
that is the proxy, so give the proxy its own limit). Links live for days, so no token may reach a log
line: the access log writes `token=REDACTED` for any token in a query string.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import msgspec
from aiohttp import web
from aiohttp.web_log import AccessLogger

from protocol.errors import ErrorCode, WireError
from server.limits import TokenBucket
from server.metrics import Metrics

#: query parameters whose value never reaches a log line
SECRET_PARAMS = ("token", "key", "api_key")
#: addresses remembered at most; the idle ones are forgotten first
MAX_ADDRESSES = 10_000

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RedactingAccessLogger(AccessLogger):
    """aiohttp's access log, with secret query parameters replaced before the line is formatted."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if request is not None and any(p in request.query for p in SECRET_PARAMS):
            query = {k: ("REDACTED" if k in SECRET_PARAMS else v) for k, v in request.query.items()}
            request = request.clone(rel_url=request.rel_url.with_query(query))
        super().log(request, response, time)


class AddressLimiter:
    """A token bucket per client address for the HTTP API; wall-clock paced (not room time)."""

    def __init__(self, rate: float, burst: float, metrics: Metrics, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._metrics = metrics
        self._now = now
        self._buckets: dict[str, TokenBucket] = {}

    def allow(self, address: str) -> bool:
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= MAX_ADDRESSES:
                # Forget the oldest half: a returning address starts with a full bucket, which only
                # ever favours the client, and memory stays bounded under a spoofed-address storm.
                for old in list(self._buckets)[: MAX_ADDRESSES // 2]:
                    del self._buckets[old]
            bucket = self._buckets[address] = TokenBucket(self.rate, self.burst, self._now)
        return bucket.take()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/api/") and not self.allow(request.remote or "?"):
            self._metrics.http_refusals.labels(ErrorCode.RATE_LIMITED.value).inc()
            error = WireError.of(ErrorCode.RATE_LIMITED, "too many requests from this address; slow down")
            return web.json_response({"error": msgspec.to_builtins(error)}, status=429, headers={"Retry-After": "1"})
        response = await handler(request)
        if request.path.startswith("/api/") and response.status in (400, 401, 403):
            self._metrics.http_refusals.labels(str(response.status)).inc()
        return response
