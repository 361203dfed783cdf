"""`/v1/admin`: users and their API keys, for admins only (anyone else gets 403 `forbidden`).

The same operations as `coach users` and `coach keys`: list, create (a new key is returned once), revoke, delete.
A revoked key is refused on its very next request, in every server process.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.deps import CurrentUser, DbSession, RuntimeDep
from api.errors import ErrorBody, Responses
from knowledge.documents import is_blank
from sessions import management
from sessions.changes import announced
from sessions.errors import Forbidden
from sessions.inputs import VISIBLE_PATTERN, text_problem
from sessions.management import IssuedKeyPublic, KeySummary, UserSummary
from sessions.tables import Role, User


async def require_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise Forbidden("only an admin manages users and keys")
    return user


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ADMIN_ONLY: Responses = {403: _error("The caller is not an admin (code forbidden).")}
NO_USER: Responses = {404: _error("No such user (code not_found).")}
NO_KEY: Responses = {404: _error("No key with this prefix (code not_found).")}
LAST_ADMIN: Responses = {409: _error("The user is the last admin, holds the last working admin keys, or decided "
                                     "checkpoints in other people's sessions, which the audit log keeps (code "
                                     "conflict).")}
LAST_ADMIN_KEYS: Responses = {409: _error("No admin would have a working key left (code conflict); nothing was "
                                          "revoked. Create another admin key first.")}

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_ONLY)
HEX_ID = r"^[0-9a-f]{1,32}$"
UserId = Annotated[str, Path(pattern=HEX_ID, description="The user's id.")]
KeyPrefix = Annotated[str, Path(pattern=HEX_ID, description="The key's prefix, as `coach keys list` shows it.")]


def _text(value: str) -> str:
    """Text a person wrote (the pattern in the schema says the same, for clients; this says it plainly)."""
    if problem := text_problem(value):
        raise ValueError(f"the text {problem}")
    if is_blank(value):
        raise ValueError("the text holds only whitespace or invisible characters")
    return value


Text = Annotated[str, AfterValidator(_text)]


def _days() -> Any:
    return Field(default=None, gt=0, le=36_500, description="Days until the key expires; it never does when empty.")


def _label() -> Any:
    return Field(default=None, min_length=1, max_length=100, json_schema_extra={"pattern": VISIBLE_PATTERN},
                 description="A label for people: where the key is used.")


class UserCreateRequest(BaseModel):
    """A new user and their first key."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=100, json_schema_extra={"pattern": VISIBLE_PATTERN},
                       description="The user's display name (names are not unique).")
    role: Role = Field(default="coachee", description="coachee, coach or admin.")
    key_name: Text | None = _label()
    expires_in_days: float | None = _days()


class KeyCreateRequest(BaseModel):
    """A new key for an existing user."""

    model_config = ConfigDict(extra="forbid")

    user_id: str = Field(pattern=HEX_ID, description="Whose key: the user's id.")
    name: Text | None = _label()
    expires_in_days: float | None = _days()


class RevokedKeys(BaseModel):
    user_id: str = Field(description="Whose keys were revoked.")
    revoked: int = Field(description="How many keys this request revoked (already revoked ones not counted).")


class UserDeleted(BaseModel):
    user_id: str = Field(description="The user that was deleted.")
    sessions_deleted: int = Field(description="How many of their sessions were deleted with them.")


USER_EXAMPLES: dict[str, Any] = {
    "coachee": {"summary": "A coachee with a key that never expires", "value": {"name": "Ana", "role": "coachee"}},
    "coach": {"summary": "A coach whose key expires in 90 days",
              "value": {"name": "Robin", "role": "coach", "key_name": "laptop", "expires_in_days": 90}},
}
KEY_EXAMPLES: dict[str, Any] = {
    "labelled": {"summary": "A labelled key for 30 days",
                 "value": {"user_id": "3f2c0c8e9a1b4d5e8f7a6b5c4d3e2f1a", "name": "ci", "expires_in_days": 30}},
}


@router.get("/users", response_model=list[UserSummary])
async def list_users(db: DbSession) -> list[UserSummary]:
    """Every user, oldest first, with how many working keys and sessions each has."""
    return await management.list_users(db=db)


@router.post("/users", status_code=201, response_model=IssuedKeyPublic)
async def create_user(
    runtime: RuntimeDep, request: Annotated[UserCreateRequest, Body(openapi_examples=USER_EXAMPLES)],
) -> IssuedKeyPublic:
    """Create a user with a first key; the key is in this response only."""
    async with runtime.database.transaction() as db:
        return await management.create_user_with_key(
            db=db, name=request.name, role=request.role, key_name=request.key_name,
            expires_in_days=request.expires_in_days)


@router.post("/users/{user_id}/revoke", response_model=RevokedKeys, responses={**NO_USER, **LAST_ADMIN_KEYS})
async def revoke_user(runtime: RuntimeDep, user_id: UserId) -> RevokedKeys:
    """Revoke every key of the user: each one gets 401 from its next request on. Never the last working admin
    keys (409)."""
    async with announced(runtime.keys.changes), runtime.database.transaction() as db:
        user = await management.get_user(db=db, user_id=user_id)
        revoked = await management.revoke_user_keys(db=db, user_id=user.id)
    return RevokedKeys(user_id=user_id, revoked=revoked)


@router.delete("/users/{user_id}", response_model=UserDeleted, responses={**NO_USER, **LAST_ADMIN})
async def delete_user(runtime: RuntimeDep, user_id: UserId) -> UserDeleted:
    """Delete the user, their keys and their sessions with everything recorded about them (checkpoints,
    decisions, plan versions, traces). The last admin cannot be deleted."""
    async with announced(runtime.keys.changes):
        deleted = await management.delete_user(database=runtime.database, service=runtime.service, user_id=user_id)
    return UserDeleted(user_id=user_id, sessions_deleted=deleted)


@router.get("/keys", response_model=list[KeySummary])
async def list_keys(
    db: DbSession,
    user_id: Annotated[str, Query(pattern=r"^[0-9a-f]{0,32}$", description="Only this user's keys (every "
                                                                            "user's when empty).")] = "",
) -> list[KeySummary]:
    """Every key (or one user's), oldest first, without secrets."""
    return await management.list_keys(db=db, user_id=user_id or None)


@router.post("/keys", status_code=201, response_model=IssuedKeyPublic, responses=NO_USER)
async def create_key(
    runtime: RuntimeDep, request: Annotated[KeyCreateRequest, Body(openapi_examples=KEY_EXAMPLES)],
) -> IssuedKeyPublic:
    """A new key for an existing user; the key is in this response only."""
    async with runtime.database.transaction() as db:
        user = await management.get_user(db=db, user_id=request.user_id)
        return await management.create_key(db=db, user=user, name=request.name,
                                           expires_in_days=request.expires_in_days)


@router.post("/keys/{prefix}/revoke", response_model=KeySummary, responses={**NO_KEY, **LAST_ADMIN_KEYS})
async def revoke_key(runtime: RuntimeDep, prefix: KeyPrefix) -> KeySummary:
    """Revoke one key: it gets 401 from its next request on. Revoking a revoked key changes nothing; the last
    working admin key is never revoked (409)."""
    async with announced(runtime.keys.changes), runtime.database.transaction() as db:
        revoked = await management.revoke_key(db=db, prefix=prefix)
    return revoked
