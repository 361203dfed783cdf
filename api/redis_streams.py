"""Each user's cap on open event streams, shared by every server process through Redis (`api.shared_limits`).

An open stream holds a lease in a sorted set per user, scored by when it lapses; the stream renews it while it
lives and gives it back when it ends, and a lease whose process died lapses after `LEASE_S`. Taking one is a
script that drops the lapsed, counts the rest and adds the new one in one step, on Redis's clock.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from sessions.errors import TooManyStreams, Unavailable

logger = logging.getLogger(__name__)

LEASE_S = 60
RENEW_S = 20.0
PREFIX = "coach:streams:"
RETRY_AFTER_S = 2
# KEYS[1]: the user's leases. ARGV: lease id, lease seconds, cap. 1 when the cap is reached, else 0 (taken).
TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 1 end
redis.call('ZADD', KEYS[1], t + tonumber(ARGV[2]), ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 0
"""
# Renewing only a lease that is still there (XX): one that lapsed meanwhile stays given up.
RENEW = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1e6
redis.call('ZADD', KEYS[1], 'XX', t + tonumber(ARGV[2]), ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 0
"""
UNAVAILABLE = "the shared limits (Redis) cannot be reached; try again in a moment"


class RedisStreamLeases:
    def __init__(self, client: aioredis.Redis, *, per_user: int, retry_after_s: int,
                 lease_s: int = LEASE_S, renew_s: float = RENEW_S) -> None:
        self._client = client
        self._per_user = per_user
        self._retry_after_s = retry_after_s
        self._lease_s = lease_s
        self._renew_s = renew_s
        self._take = client.register_script(TAKE)
        self._renew = client.register_script(RENEW)

    @asynccontextmanager
    async def lease(self, user_id: str) -> AsyncIterator[None]:
        key, lease = f"{PREFIX}{user_id}", uuid.uuid4().hex
        try:
            refused = await self._take(keys=[key], args=[lease, self._lease_s, self._per_user])
        except RedisError as exc:
            raise Unavailable(UNAVAILABLE, retry_after_s=RETRY_AFTER_S) from exc
        if refused:
            raise TooManyStreams(f"you have {self._per_user} event streams open, the most allowed (on every server "
                                 "together); close one first", retry_after_s=self._retry_after_s)
        renewing = asyncio.create_task(self._keep(key, lease), name="stream-lease")
        try:
            yield
        finally:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
            with suppress(RedisError):
                await self._client.zrem(key, lease)

    async def _keep(self, key: str, lease: str) -> None:
        while True:
            await asyncio.sleep(self._renew_s)
            try:
                await self._renew(keys=[key], args=[lease, self._lease_s])
            except RedisError as exc:  # the stream goes on; its lease may lapse, which frees a place early
                logger.warning("could not renew an event stream's lease: %s", exc)


def redis_client(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0, health_check_interval=30)


