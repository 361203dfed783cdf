"""The first admin: created on the first start against an empty database, its key written once, mode 0600."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sessions.accounts import count_users, create_api_key, create_user
from sessions.db import Database
from sessions.tables import Role, User, UserCreate

ADMIN_KEY_FILE = "admin.key"
ADMIN_NAME = "admin"


@dataclass(frozen=True)
class IssuedKey:
    user: User
    token: str
    path: Path | None = None
    """Where the key was written, for the first admin."""


def write_secret(path: Path, secret: str) -> Path:
    """Write `secret` to `path`, readable by its owner only (created 0600, never wider even for a moment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(secret + "\n")
    return path


async def issue_user(*, database: Database, name: str, role: Role) -> IssuedKey:
    """A new user with a new key."""
    async with database.transaction() as db:
        user = await create_user(db=db, user_create=UserCreate(name=name, role=role))
        token = await create_api_key(db=db, user=user)
    return IssuedKey(user=user, token=token)


async def ensure_first_admin(*, database: Database, data_dir: Path) -> IssuedKey | None:
    """Create an admin and write its key to `data_dir/admin.key` when no user exists yet; else None."""
    async with database.transaction() as db:
        if await count_users(db=db) > 0:
            return None
        user = await create_user(db=db, user_create=UserCreate(name=ADMIN_NAME, role="admin"))
        token = await create_api_key(db=db, user=user)
        path = write_secret(data_dir / ADMIN_KEY_FILE, token)
    return IssuedKey(user=user, token=token, path=path)
