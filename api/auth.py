"""API-key authentication. A key is looked up by its prefix's unique index and then kept in this process's memory
while no key has changed anywhere (`sessions.changes`: a revocation, in any process, is announced with the change
and makes every process read keys again), so a key that is revoked or deleted in any process is refused on its
very next request, and one that expires, at once. Every use checks the token against the key's hash.
`last_used_at` is written at most once per `LAST_USED_INTERVAL_S` per key and process, not once per request."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from sessions.accounts import get_key_by_token, key_matches, key_prefix, key_still_works, key_works, touch_key
from sessions.changes import Changes, StampedCache
from sessions.db import Database
from sessions.tables import ApiKey, User, aware, utcnow

logger = logging.getLogger(__name__)
LAST_USED_INTERVAL_S = 60.0
TRACKED_KEYS = 10_000


@dataclass(frozen=True)
class Caller:
    """Who is calling, and with which key (rate limits count per key)."""

    user: User
    key_id: str


class KeyUse:
    """When this process last wrote each key's `last_used_at`, so it writes at most once per `interval_s`."""

    def __init__(self, *, interval_s: float = LAST_USED_INTERVAL_S, size: int = TRACKED_KEYS) -> None:
        self.interval_s = interval_s
        self._size = size
        self._written: OrderedDict[str, float] = OrderedDict()

    def due(self, key: ApiKey) -> bool:
        """True (and remembered) when the key's last use should be written now."""
        now = time.monotonic()
        written = self._written.get(key.id)
        if written is not None and now - written < self.interval_s:
            return False
        self._written[key.id] = now
        self._written.move_to_end(key.id)
        while len(self._written) > self._size:
            self._written.popitem(last=False)
        recorded = key.last_used_at  # another process may have written it a moment ago
        return recorded is None or utcnow() - aware(recorded) >= timedelta(seconds=self.interval_s)


class KnownKeys:
    """The keys this process read lately, by prefix, while no key has changed (see the module's note)."""

    def __init__(self, changes: Changes, *, size: int = TRACKED_KEYS) -> None:
        self.changes = changes
        self._cache: StampedCache[str, tuple[ApiKey, User]] = StampedCache(changes, size=size)

    async def find(self, database: Database, token: str) -> tuple[ApiKey, User] | None:
        prefix = key_prefix(token)
        if prefix is None:
            return None
        hit, found = self._cache.get(prefix)
        if not hit:
            stamp = self._cache.changes.stamp()  # before the read: a change after it makes the entry stale
            async with database.sessions() as db:
                found = await get_key_by_token(db=db, token=token)
            if found is None:
                return None
            self._cache.put(prefix, found, stamp)
        if found is None or not key_matches(token, found[0].key_hash) or not key_works(found[0], utcnow()):
            return None
        return found


async def authenticate(*, database: Database, uses: KeyUse, token: str, keys: KnownKeys | None = None
                       ) -> Caller | None:
    """The caller a key belongs to, or None for a malformed, unknown, revoked or expired key."""
    if keys is not None:
        found = await keys.find(database, token)
    else:
        async with database.sessions() as db:
            found = await get_key_by_token(db=db, token=token)
    if found is None:
        return None
    key, user = found
    if uses.due(key):
        try:
            async with database.transaction() as db:
                await touch_key(db=db, key_id=key.id, now=utcnow())
        except SQLAlchemyError as exc:  # a busy database must not refuse a valid key; the next minute retries
            logger.warning("could not record the last use of key %s: %s", key.prefix, exc)
    return Caller(user=user, key_id=key.id)


class KeyCheck:
    """Whether the key a long request came with still works, asked of the database at most every `every_s`: an
    event stream ends soon after its key is revoked or expires. A database that cannot answer does not end it."""

    def __init__(self, *, database: Database, key_id: str, every_s: float) -> None:
        self._database = database
        self._key_id = key_id
        self._every_s = every_s
        self._checked = time.monotonic()

    async def works(self) -> bool:
        if time.monotonic() - self._checked < self._every_s:
            return True
        self._checked = time.monotonic()
        try:
            async with self._database.sessions() as db:
                return await key_still_works(db=db, key_id=self._key_id)
        except SQLAlchemyError as exc:
            logger.warning("could not check key %s of an event stream: %s", self._key_id, exc)
            return True
