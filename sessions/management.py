"""Managing users and their keys: what `coach users`, `coach keys` and the `/v1/admin` routes do, written once.

Keys are listed without their secrets (the prefix names a key); a new key is returned in clear once. Deleting a
user deletes each of their sessions through the session service (checkpoints, decisions, plan versions, spans),
then their own documents, their keys and their row. The last admin is never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import CursorResult, delete, update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sessions.accounts import create_user, issue_key, key_works
from sessions.changes import announce_change
from sessions.db import Database
from sessions.documents import remove_user_documents
from sessions.errors import ErrorCode, NotFound, ServiceError
from sessions.tables import ApiKey, CoachingSession, DecisionRecord, Role, User, UserCreate, aware, utcnow

if TYPE_CHECKING:
    from sessions.service import SessionService

KeyState = Literal["active", "revoked", "expired"]


class Refused(ServiceError):
    """A management request that cannot be carried out as asked (an ambiguous name, the last admin)."""

    code: ErrorCode = "conflict"


class UserSummary(BaseModel):
    id: str = Field(description="The user's id: unique, unlike names.")
    name: str = Field(description="Display name (not unique).")
    role: Role = Field(description="coachee, coach or admin.")
    created_at: datetime = Field(description="When the user was created.")
    active_keys: int = Field(description="Keys that are neither revoked nor expired.")
    sessions: int = Field(description="Coaching sessions the user owns.")


class KeySummary(BaseModel):
    """A key as listed: never its secret."""

    prefix: str = Field(description="The key's public prefix (`ck_<prefix>_...`): it names the key.")
    user_id: str = Field(description="Whose key it is.")
    user_name: str = Field(description="The user's display name.")
    name: str | None = Field(description="A label for people: where the key is used.")
    state: KeyState = Field(description="active, revoked or expired.")
    created_at: datetime = Field(description="When the key was created.")
    last_used_at: datetime | None = Field(description="When it last authenticated a request (to the minute).")
    expires_at: datetime | None = Field(description="When it stops working; never when empty.")
    revoked_at: datetime | None = Field(description="When it was revoked, if it was.")


class IssuedKeyPublic(BaseModel):
    """A new key: `key` is shown this once and stored only as a hash."""

    key: str = Field(description="The API key in clear: send it as `Authorization: Bearer <key>`.")
    details: KeySummary = Field(description="The key as it will be listed.")


def _optional(moment: datetime | None) -> datetime | None:
    return aware(moment) if moment is not None else None


def key_summary(key: ApiKey, user: User, now: datetime | None = None) -> KeySummary:
    state: KeyState = "revoked" if key.revoked_at is not None else (
        "active" if key_works(key, now or utcnow()) else "expired")
    return KeySummary(prefix=key.prefix, user_id=user.id, user_name=user.name, name=key.name, state=state,
                      created_at=aware(key.created_at), last_used_at=_optional(key.last_used_at),
                      expires_at=_optional(key.expires_at), revoked_at=_optional(key.revoked_at))


async def list_users(*, db: AsyncSession) -> list[UserSummary]:
    users = (await db.exec(select(User).order_by(col(User.created_at), col(User.id)))).all()
    keys = (await db.exec(select(ApiKey))).all()
    now = utcnow()
    active: dict[str, int] = {}
    for key in keys:
        if key_works(key, now):
            active[key.user_id] = active.get(key.user_id, 0) + 1
    owned_statement = select(CoachingSession.owner_id, func.count()).group_by(col(CoachingSession.owner_id))
    owned = {owner: int(count) for owner, count in (await db.exec(owned_statement)).all()}
    return [UserSummary(id=user.id, name=user.name, role=user.role, created_at=aware(user.created_at),
                        active_keys=active.get(user.id, 0), sessions=owned.get(user.id, 0)) for user in users]


async def get_user(*, db: AsyncSession, user_id: str) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


async def find_user(*, db: AsyncSession, name_or_id: str) -> User:
    """The user with this id, else the one user with this name; refused when several share the name."""
    by_id = await db.get(User, name_or_id)
    if by_id is not None:
        return by_id
    named = (await db.exec(select(User).where(User.name == name_or_id).order_by(col(User.created_at)))).all()
    if not named:
        raise NotFound(f"no user named {name_or_id!r}")
    if len(named) > 1:
        ids = ", ".join(f"{user.id} ({user.role})" for user in named)
        raise Refused(f"{len(named)} users are named {name_or_id!r}; name one by its id: {ids}")
    return named[0]


async def list_keys(*, db: AsyncSession, user_id: str | None = None) -> list[KeySummary]:
    statement = select(ApiKey, User).join(User, col(User.id) == col(ApiKey.user_id))
    if user_id is not None:
        statement = statement.where(ApiKey.user_id == user_id)
    rows = (await db.exec(statement.order_by(col(ApiKey.created_at), col(ApiKey.id)))).all()
    now = utcnow()
    return [key_summary(key, user, now) for key, user in rows]


async def create_key(*, db: AsyncSession, user: User, name: str | None = None,
                     expires_in_days: float | None = None) -> IssuedKeyPublic:
    expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days is not None else None
    key, token = await issue_key(db=db, user=user, name=name, expires_at=expires_at)
    return IssuedKeyPublic(key=token, details=key_summary(key, user))


async def create_user_with_key(*, db: AsyncSession, name: str, role: Role, key_name: str | None = None,
                               expires_in_days: float | None = None) -> IssuedKeyPublic:
    user = await create_user(db=db, user_create=UserCreate(name=name, role=role))
    return await create_key(db=db, user=user, name=key_name, expires_in_days=expires_in_days)


LAST_ADMIN_KEY = ("no admin would have a working key left, and nobody could manage users or keys through the "
                  "API; create another admin key first (`coach keys create --user NAME`)")


async def _admin_keys_left(db: AsyncSession, *, besides_user: str | None = None, besides_key: str | None = None
                           ) -> int:
    """How many working keys (neither revoked nor expired) admins hold, leaving out one user's or one key."""
    now = utcnow()
    statement = select(func.count()).select_from(ApiKey).join(User, col(User.id) == col(ApiKey.user_id)).where(
        User.role == "admin", col(ApiKey.revoked_at).is_(None),
        (col(ApiKey.expires_at).is_(None)) | (col(ApiKey.expires_at) > now))
    if besides_user is not None:
        statement = statement.where(col(ApiKey.user_id) != besides_user)
    if besides_key is not None:
        statement = statement.where(col(ApiKey.id) != besides_key)
    return int((await db.exec(statement)).one())


async def revoke_key(*, db: AsyncSession, prefix: str) -> KeySummary:
    """Revoke the key with this prefix (a key already revoked stays as it was); never the last working admin key."""
    row = (await db.exec(select(ApiKey, User).join(User, col(User.id) == col(ApiKey.user_id))
                         .where(ApiKey.prefix == prefix))).first()
    if row is None:
        raise NotFound(f"no key with the prefix {prefix!r}")
    key, user = row
    if key.revoked_at is None:
        if user.role == "admin" and key_works(key, utcnow()) and not await _admin_keys_left(db, besides_key=key.id):
            raise Refused(f"key {key.prefix} is the last working admin key: {LAST_ADMIN_KEY}")
        key.revoked_at = utcnow()
        db.add(key)
        await db.flush()
        await announce_change(db)
    return key_summary(key, user)


async def revoke_user_keys(*, db: AsyncSession, user_id: str) -> int:
    """Revoke every key of the user that is not revoked yet; returns how many. Refused when the user is an admin
    and no other admin holds a working key."""
    user = await get_user(db=db, user_id=user_id)
    if user.role == "admin" and not await _admin_keys_left(db, besides_user=user.id):
        raise Refused(f"{user.name} ({user.id}) holds the last working admin keys: {LAST_ADMIN_KEY}")
    statement = (update(ApiKey).where(col(ApiKey.user_id) == user_id, col(ApiKey.revoked_at).is_(None))
                 .values(revoked_at=utcnow()))
    result: CursorResult[Any] = await db.exec(statement)
    await announce_change(db)
    return int(result.rowcount)


async def _check_deletable(db: AsyncSession, user: User) -> Sequence[str]:
    """The user's session ids, once sure the user may be deleted."""
    if user.role == "admin":
        admins = int((await db.exec(select(func.count()).select_from(User).where(User.role == "admin"))).one())
        if admins <= 1:
            raise Refused(f"{user.name} ({user.id}) is the last admin; create another admin first")
        if not await _admin_keys_left(db, besides_user=user.id):
            raise Refused(f"{user.name} ({user.id}) holds the last working admin keys: {LAST_ADMIN_KEY}")
    owned = select(CoachingSession.id).where(CoachingSession.owner_id == user.id)
    others = select(func.count()).select_from(DecisionRecord).where(
        DecisionRecord.actor_id == user.id, col(DecisionRecord.session_id).not_in(owned))
    decided = int((await db.exec(others)).one())
    if decided:
        raise Refused(f"{user.name} ({user.id}) decided {decided} checkpoints in other people's sessions, which "
                      "the audit log keeps; revoke their keys instead")
    return (await db.exec(owned)).all()


async def delete_user(*, database: Database, service: SessionService, user_id: str) -> int:
    """Delete the user, each of their sessions (through the session service) and their keys; returns how many
    sessions went. Their keys are revoked first, so no new session can start meanwhile."""
    async with database.transaction() as db:
        user = await get_user(db=db, user_id=user_id)
        await _check_deletable(db, user)
        await revoke_user_keys(db=db, user_id=user.id)
    deleted = 0
    while True:  # a run that started before the keys were revoked may have made one more
        async with database.sessions() as db:
            session_ids = await _check_deletable(db, user)
        if not session_ids:
            break
        for session_id in session_ids:
            try:
                await service.delete(session_id=session_id, actor=user)
            except NotFound:  # deleted meanwhile by its owner or an admin
                continue
            deleted += 1
    await service.forget_person(user.id)
    async with database.transaction() as db:
        await remove_user_documents(db=db, user_id=user.id)
        await db.exec(delete(ApiKey).where(col(ApiKey.user_id) == user.id))
        await db.exec(delete(User).where(col(User.id) == user.id))
        await announce_change(db)
    return deleted
