"""The app factory. Nothing is built at import time: `create_app(settings)` wires routes, and its lifespan
opens the database (migrated), the checkpointer (set up), the knowledge base and the session service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI

from agents.deps import AgentDeps
from agents.engines import build_deps
from api.errors import document_errors, install_error_handlers
from api.limits import BodyLimitMiddleware, document_limits
from api.routes import api_router, health_router
from api.routes.health import healthz
from api.runtime import AppRuntime
from graphs.coaching import make_graph
from knowledge.base import KnowledgeBase
from localmodel import serving_local_model
from sessions.bootstrap import IssuedKey, ensure_first_admin
from sessions.checkpointer import open_checkpointer
from sessions.db import open_database, startup_lock
from sessions.events import EventHub
from sessions.migrate import upgrade_database
from sessions.observer import open_observer
from sessions.runs import GraphRunner
from sessions.service import SessionService
from settings import Settings

logger = logging.getLogger(__name__)
API_PREFIX = "/v1"
AdminKeyHook = Callable[[IssuedKey], None]


def log_admin_key(issued: IssuedKey) -> None:
    logger.warning("created the first admin; its API key is in %s", issued.path)


def _customise_openapi(app: FastAPI, settings: Settings) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document_limits(document, answer_chars=settings.limits.answer_chars)
            document_errors(document)
        return app.openapi_schema or {}

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
            runner = GraphRunner(graph=make_graph(checkpointer), deps=deps or build_deps(engine_settings, knowledge),
                                 hub=hub, observer=observer)
            service = SessionService(runner=runner, checkpointer=checkpointer, database=database, settings=settings)
            app.state.runtime = AppRuntime(settings=settings, database=database, kb=knowledge, hub=hub,
                                           service=service)
            try:
                yield
            finally:
                hub.close_all()
                await service.drain()
                del app.state.runtime

    app = FastAPI(
        title="Career coach API",
        version="1.0.0",
        summary="Agent-orchestrated career coaching: interview, assessment, a survive / adapt / lead plan.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.limits.body_bytes)
    _customise_openapi(app, settings)
    install_error_handlers(app)
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(health_router, prefix=API_PREFIX)
    app.add_api_route("/healthz", healthz, include_in_schema=False)
    return app
