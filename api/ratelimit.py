"""Rate limits, counted in a moving window: per API key on starting sessions and on resumes and retries, and per
client address on requests with a bad key.

With `COACH_REDIS_URL` the counters live in Redis (the `limits` library's moving window on its Redis storage), so
every server process counts against one limit. Without it each process counts in its own memory (`api.windows`, the
same rule): with several processes behind one
address a key gets up to that many times its limit (see the README). A refusal is a 429 `rate_limited` with
`Retry-After` in seconds, decided in a route's dependencies, before anything reaches the graph or a model; Redis
that cannot be reached is a 503 the client may retry.
"""

from __future__ import annotations

import math
import time
from typing import Literal

from fastapi import HTTPException
from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from api.windows import MovingWindows
from sessions.errors import Unavailable
from settings.config import Limits

Scope = Literal["session_creates", "resumes", "bad_keys"]
WHAT: dict[Scope, str] = {
    "session_creates": "sessions started with this key",
    "resumes": "resumes and retries sent with this key",
    "bad_keys": "requests with a malformed, unknown, revoked or expired key from this address",
}


SHARED_UNAVAILABLE = "the shared rate limits (Redis) cannot be reached; try again in a moment"
SHARED_RETRY_AFTER_S = 2


class RateLimits:
    """The configured limits and their counters."""

    def __init__(self, limits: Limits, *, redis_url: str | None = None) -> None:
        self._shared = None if redis_url is None else MovingWindowRateLimiter(RedisStorage(
            f"async+{redis_url}", implementation="redispy", wrap_exceptions=True, key_prefix="coach-limits"))
        self._shared_errors: tuple[type[Exception], ...] = (StorageError,)
        if redis_url is not None:  # the Redis client library only with Redis: it takes some 18 MB of memory
            from redis.exceptions import RedisError

            self._shared_errors += (RedisError,)
        self._local = MovingWindows()
        self._items: dict[Scope, list[RateLimitItem]] = {
            "session_creates": parse_many(limits.session_creates),
            "resumes": parse_many(limits.resumes),
            "bad_keys": parse_many(limits.bad_keys),
        }

    async def hit(self, scope: Scope, identifier: str) -> None:
        """Count one request of `identifier` (a key's id, an address); 429 when it is over a limit."""
        if self._shared is None:
            for item in self._items[scope]:
                counter = item.key_for(scope, identifier)
                if not self._local.hit(counter, amount=item.amount, seconds=item.get_expiry()):
                    raise _refusal(scope, item, self._local.retry_after(counter, seconds=item.get_expiry()))
            return
        try:
            for item in self._items[scope]:
                if not await self._shared.hit(item, scope, identifier):
                    stats = await self._shared.get_window_stats(item, scope, identifier)
                    raise _refusal(scope, item, stats.reset_time - time.time())
        except self._shared_errors as exc:
            raise Unavailable(SHARED_UNAVAILABLE, retry_after_s=SHARED_RETRY_AFTER_S) from exc


def _refusal(scope: Scope, item: RateLimitItem, wait_s: float) -> HTTPException:
    retry_after = max(1, math.ceil(wait_s))
    detail = (f"too many {WHAT[scope]}: the limit is {item.amount} per {_period(item)}; "
              f"retry in {retry_after} s")
    return HTTPException(429, detail, headers={"Retry-After": str(retry_after)})


def _period(item: RateLimitItem) -> str:
    unit = item.GRANULARITY.name
    return unit if item.multiples == 1 else f"{item.multiples} {unit}s"
