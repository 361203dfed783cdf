"""Limits shared by every server process through Redis (`COACH_REDIS_URL`): the rate limits' counters (the `limits`
library's Redis storage, `api.ratelimit`) and each user's cap on open event streams (leases, `api.redis_streams`).
The cap on streams in all stays per process: it guards the process's own connections and memory.

Without Redis every process counts on its own (`NoSharedStreams`), as the README says. The Redis side is imported
only when Redis is configured: the Redis client library takes some 18 MB of a server's memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from settings import Settings


class StreamLeases(Protocol):
    def lease(self, user_id: str) -> Any:
        """An async context manager holding one of the user's places among open streams (`TooManyStreams` when
        they hold their cap in every process together)."""
        ...


class NoSharedStreams:
    """Each process counts its own streams (the hub does): nothing shared."""

    @asynccontextmanager
    async def lease(self, user_id: str) -> AsyncIterator[None]:
        yield


@asynccontextmanager
async def shared_streams(settings: Settings) -> AsyncIterator[StreamLeases]:
    """The streams' shared leases on `settings.redis_url`, or none without it."""
    if settings.redis_url is None:
        yield NoSharedStreams()
        return
    from api.redis_streams import RedisStreamLeases, redis_client  # only with Redis (see the docstring)

    client = redis_client(settings.redis_url)
    try:
        limits = settings.limits
        yield RedisStreamLeases(client, per_user=limits.streams_per_user, retry_after_s=limits.stream_retry_after_s)
    finally:
        await client.aclose()
