"""Dependencies of the routes, as `Annotated` aliases: the runtime, a DB session, the caller, a visible session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import authenticate
from api.runtime import AppRuntime
from sessions.tables import CoachingSession, User

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer ck_...`.")
api_key_header = APIKeyHeader(name="X-Api-Key", auto_error=False,
                              description="The same API key in its own header: `X-Api-Key: ck_...`.")
UNAUTHORIZED_DETAIL = "a valid API key is required: `Authorization: Bearer <key>` or `X-Api-Key: <key>`"


def get_runtime(request: Request) -> AppRuntime:
    runtime = getattr(request.app.state, "runtime", None)
    if not isinstance(runtime, AppRuntime):
        raise RuntimeError("the app is not started: run it under its lifespan (uvicorn, or `async with lifespan`)")
    return runtime


RuntimeDep = Annotated[AppRuntime, Depends(get_runtime)]


async def get_db(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async with runtime.database.sessions() as session:
        yield session


# Closed when the route function returns, before the response is sent (a streamed response holds no connection).
DbSession = Annotated[AsyncSession, Depends(get_db, scope="function")]


async def get_current_user(
    runtime: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> User:
    """The caller, by either header; with both, `Authorization` wins."""
    unauthorized = HTTPException(401, UNAUTHORIZED_DETAIL, headers={"WWW-Authenticate": "Bearer"})
    token = credentials.credentials if credentials is not None else api_key
    if not token:
        raise unauthorized
    user = await authenticate(database=runtime.database, cache=runtime.keys, token=token)
    if user is None:
        raise unauthorized
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


SessionId = Annotated[str, Path(max_length=64, description="The session's id.")]


async def get_visible_session(runtime: RuntimeDep, user: CurrentUser, session_id: SessionId) -> CoachingSession:
    """The session named in the path, if the caller may see it; 404 otherwise (never 403)."""
    return await runtime.service.visible(session_id, user)


VisibleSession = Annotated[CoachingSession, Depends(get_visible_session)]
