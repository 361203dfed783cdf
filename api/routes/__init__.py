"""The `/v1` routes: every one but the health check needs an API key."""

from __future__ import annotations

from fastapi import APIRouter

from api.errors import BAD_KEYS, UNAUTHORIZED
from api.routes import admin, health, inbox, info, knowledge, progress, sessions, traces

api_router = APIRouter(responses={**UNAUTHORIZED, **BAD_KEYS})
api_router.include_router(sessions.router)
api_router.include_router(inbox.router)
api_router.include_router(progress.router)
api_router.include_router(knowledge.router)
api_router.include_router(traces.router)
api_router.include_router(info.router)
api_router.include_router(admin.router)

health_router = health.router
