"""Dependencies of the routes, as `Annotated` aliases: the runtime, a DB session, the caller, a visible session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import Caller, authenticate
from api.ratelimit import Scope
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


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: what uvicorn's `--proxy-headers` make it)."""
    return request.client.host if request.client is not None else "unknown"


async def get_caller(
    request: Request, runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Caller:
    """The caller and their key, by either header; with both, `Authorization` wins. Bad keys are counted per client
    address: beyond the limit they get 429 instead of 401 (a good key from the same address still works)."""
    unauthorized = HTTPException(401, UNAUTHORIZED_DETAIL, headers={"WWW-Authenticate": "Bearer"})
    token = credentials.credentials if credentials is not None else api_key
    if not token:
        raise unauthorized
    caller = await authenticate(database=runtime.database, uses=runtime.key_use, token=token, keys=runtime.keys)
    if caller is None:
        await runtime.rates.hit("bad_keys", client_address(request))
        raise unauthorized
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_current_user(caller: CallerDep) -> User:
    return caller.user


CurrentUser = Annotated[User, Depends(get_current_user)]


SessionId = Annotated[str, Path(max_length=64, description="The session's id.")]


async def get_visible_session(runtime: RuntimeDep, user: CurrentUser, session_id: SessionId) -> CoachingSession:
    """The session named in the path, if the caller may see it; 404 otherwise (never 403)."""
    return await runtime.service.visible(session_id, user)


VisibleSession = Annotated[CoachingSession, Depends(get_visible_session)]


def rate_limit(scope: Scope) -> Callable[..., Awaitable[None]]:
    """A route dependency counting the caller's key against the `scope` limit (429 beyond it)."""

    async def limited(runtime: RuntimeDep, caller: CallerDep) -> None:
        await runtime.rates.hit(scope, caller.key_id)

    return limited
