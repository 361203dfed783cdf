"""Users and their API keys: `ck_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the key proves it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sessions.tables import ApiKey, User, UserCreate, aware, utcnow

KEY_SCHEME = "ck"
PREFIX_BYTES = 6
SECRET_BYTES = 24


@dataclass(frozen=True)
class NewKey:
    token: str
    """The key to hand to its user, once; only its hash is stored."""
    prefix: str
    key_hash: str


def hash_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(PREFIX_BYTES)
    token = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewKey(token=token, prefix=prefix, key_hash=hash_key(token))


def key_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed key, else None."""
    scheme, _, rest = token.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    return prefix


def key_matches(token: str, key_hash: str) -> bool:
    return hmac.compare_digest(hash_key(token), key_hash)


async def create_user(*, db: AsyncSession, user_create: UserCreate) -> User:
    user = User.model_validate(user_create)
    db.add(user)
    await db.flush()
    return user


async def issue_key(*, db: AsyncSession, user: User, name: str | None = None,
                    expires_at: datetime | None = None) -> tuple[ApiKey, str]:
    """Store a new key for `user`; returns its row and the key, which exists in clear only now."""
    key = generate_key()
    row = ApiKey(user_id=user.id, prefix=key.prefix, key_hash=key.key_hash, name=name, expires_at=expires_at)
    db.add(row)
    await db.flush()
    return row, key.token


async def create_api_key(*, db: AsyncSession, user: User) -> str:
    """Store a new key for `user` and return it; this is the only time the key exists in clear."""
    return (await issue_key(db=db, user=user))[1]


async def count_users(*, db: AsyncSession) -> int:
    return int((await db.exec(select(func.count()).select_from(User))).one())


def key_works(key: ApiKey, now: datetime) -> bool:
    """Neither revoked nor expired at `now`."""
    return key.revoked_at is None and (key.expires_at is None or aware(key.expires_at) > now)


async def get_key_by_token(*, db: AsyncSession, token: str) -> tuple[ApiKey, User] | None:
    """The key and its user, for a key that is well formed, known, matches its hash, is not revoked and has not
    expired; else None. One lookup by the prefix's unique index."""
    prefix = key_prefix(token)
    if prefix is None:
        return None
    statement = select(ApiKey, User).join(User, col(User.id) == col(ApiKey.user_id)).where(ApiKey.prefix == prefix)
    row = (await db.exec(statement)).first()
    if row is None or not key_matches(token, row[0].key_hash) or not key_works(row[0], utcnow()):
        return None
    return row[0], row[1]


async def key_still_works(*, db: AsyncSession, key_id: str) -> bool:
    """Whether the key is still there, and neither revoked nor expired (asked again by what outlives one request:
    an event stream)."""
    key = (await db.exec(select(ApiKey).where(ApiKey.id == key_id))).first()
    return key is not None and key_works(key, utcnow())


async def get_user_by_key(*, db: AsyncSession, token: str) -> User | None:
    found = await get_key_by_token(db=db, token=token)
    return found[1] if found is not None else None


async def touch_key(*, db: AsyncSession, key_id: str, now: datetime) -> None:
    """Record that the key was used at `now`."""
    await db.exec(update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=now))


TERMINAL_NAME = "terminal"


async def terminal_user(*, db: AsyncSession) -> User:
    """The user `coach chat` acts as, created on first use. It owns the terminal's sessions and decides their
    reviews, so it is a coach (allowed under every review rule); it has no API key, so it never signs in."""
    statement = select(User).where(User.name == TERMINAL_NAME, User.role == "coach").order_by(col(User.created_at))
    found = (await db.exec(statement)).first()
    if found is not None:
        return found
    return await create_user(db=db, user_create=UserCreate(name=TERMINAL_NAME, role="coach"))
