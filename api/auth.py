"""API-key authentication with a short in-process cache of verified keys."""

from __future__ import annotations

import time
from collections import OrderedDict

from sessions.accounts import get_user_by_key, hash_key
from sessions.db import Database
from sessions.tables import User

CACHE_TTL_S = 30.0
CACHE_SIZE = 10_000


class KeyCache:
    """Keys verified in the last `ttl_s` seconds, by hash, so a busy client costs one lookup per TTL."""

    def __init__(self, *, ttl_s: float = CACHE_TTL_S, size: int = CACHE_SIZE) -> None:
        self._ttl_s = ttl_s
        self._size = size
        self._entries: OrderedDict[str, tuple[float, User]] = OrderedDict()

    def get(self, token: str) -> User | None:
        digest = hash_key(token)
        entry = self._entries.get(digest)
        if entry is None:
            return None
        expires, user = entry
        if expires < time.monotonic():
            del self._entries[digest]
            return None
        return user

    def put(self, token: str, user: User) -> None:
        self._entries[hash_key(token)] = (time.monotonic() + self._ttl_s, user)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)


async def authenticate(*, database: Database, cache: KeyCache, token: str) -> User | None:
    """The user a key belongs to, or None for a missing, malformed, unknown or revoked key."""
    user = cache.get(token)
    if user is not None:
        return user
    async with database.sessions() as db:
        user = await get_user_by_key(db=db, token=token)
    if user is not None:
        cache.put(token, user)
    return user
