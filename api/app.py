"""The app factory. Nothing is built at import time: `create_app(settings)` wires routes, and its lifespan
opens the database (migrated), the checkpointer (set up), the knowledge base and the session runner."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException

from agents.deps import AgentDeps, build_deps
from api.bootstrap import IssuedKey, ensure_first_admin
from api.checkpointer import open_checkpointer
from api.db import open_database, startup_lock
from api.errors import SessionConflict, http_error_handler, session_conflict_handler
from api.events import EventHub
from api.limits import BodyLimitMiddleware, document_limits
from api.migrate import upgrade_database
from api.routes import api_router, health_router
from api.routes.health import healthz
from api.runner import SessionRunner
from api.runtime import AppRuntime
from api.tracing import open_observer
from coach.local_llm import serving_local_model
from coach.settings import Settings
from graphs.coaching import make_graph
from knowledge.base import KnowledgeBase

logger = logging.getLogger(__name__)
API_PREFIX = "/v1"
AdminKeyHook = Callable[[IssuedKey], None]


def log_admin_key(issued: IssuedKey) -> None:
    logger.warning("created the first admin; its API key is in %s", issued.path)


def _document_limits(app: FastAPI, settings: Settings) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document_limits(generate(), answer_chars=settings.limits.answer_chars)
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings,
    *,
    kb: KnowledgeBase | None = None,
    deps: AgentDeps | None = None,
    on_admin_key: AdminKeyHook = log_admin_key,
) -> FastAPI:
    """The API for `settings`. `kb` and `deps` replace the ones built from settings (tests, benchmarks)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            database = await stack.enter_async_context(open_database(settings))
            async with startup_lock(database):
                await asyncio.to_thread(upgrade_database, settings)
                checkpointer = await stack.enter_async_context(open_checkpointer(settings))
                issued = await ensure_first_admin(database=database, data_dir=settings.data_dir)
            if issued is not None:
                on_admin_key(issued)
            knowledge = kb if kb is not None else await asyncio.to_thread(KnowledgeBase.open, settings.user_index_dir)
            observer = await stack.enter_async_context(open_observer(settings))
            engine_settings = await stack.enter_async_context(serving_local_model(settings))
            hub = EventHub()
            runner = SessionRunner(
                graph=make_graph(checkpointer), checkpointer=checkpointer,
                deps=deps or build_deps(engine_settings, knowledge), database=database, hub=hub, observer=observer,
                settings=settings,
            )
            app.state.runtime = AppRuntime(settings=settings, database=database, kb=knowledge, hub=hub, runner=runner)
            try:
                yield
            finally:
                hub.close_all()
                await runner.drain()
                del app.state.runtime

    app = FastAPI(
        title="Career coach API",
        version="1.0.0",
        summary="Agent-orchestrated career coaching: interview, assessment, a survive / adapt / lead plan.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.limits.body_bytes)
    _document_limits(app, settings)
    app.add_exception_handler(SessionConflict, session_conflict_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(health_router, prefix=API_PREFIX)
    app.add_api_route("/healthz", healthz, include_in_schema=False)
    return app
