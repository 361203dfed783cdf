"""The app factory. Nothing is built at import time: `create_app(settings)` wires routes and the web UI, and its
lifespan opens the session stack (`sessions.stack`: database, checkpointer, knowledge base, session service)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.metrics import NoOpMeterProvider

from agents.deps import AgentDeps
from api.auth import KnownKeys
from api.deps import api_key_header
from api.docs import install_docs
from api.errors import document_errors, install_error_handlers
from api.headers import SecurityHeadersMiddleware
from api.limits import AdmissionMiddleware, BodyLimitMiddleware, document_body_bytes, document_limits
from api.links import add_links
from api.ratelimit import RateLimits
from api.routes import api_router, health_router
from api.routes.health import healthz
from api.runtime import AppRuntime
from api.shared_limits import shared_streams
from api.ui import mount_ui
from knowledge.base import KnowledgeBase
from observability.deferred import SwitchableTracerProvider
from sessions.bootstrap import IssuedKey
from sessions.stack import open_session_stack
from settings import Settings

logger = logging.getLogger(__name__)
API_PREFIX = "/v1"
AdminKeyHook = Callable[[IssuedKey], None]


def log_admin_key(issued: IssuedKey) -> None:
    logger.warning("created the first admin; its API key is in %s", issued.path)


SSE_FIELDS = {"event": "The event's type (run_started, node_started, node_finished, paused, completed, failed, "
                        "state, closed).", "data": "The event's payload, as JSON.",
              "id": "The event's id.", "retry": "How long to wait before reconnecting, in milliseconds."}


def _stream_items_for_openapi_3_1(document: dict[str, Any]) -> None:
    """FastAPI describes a server-sent event with OpenAPI 3.2's `itemSchema`; in this 3.1 document the stream is a
    string, and the schema of each event is kept under `x-itemSchema`, its fields described."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                for media_type, content in response.get("content", {}).items():
                    if "itemSchema" in content:
                        item = content["x-itemSchema"] = content.pop("itemSchema")
                        for name, field in item.get("properties", {}).items():
                            field.setdefault("description", SSE_FIELDS.get(name, name))
                        content.setdefault("schema", {"type": "string", "description": f"A {media_type} stream."})


def _customise_openapi(app: FastAPI, settings: Settings) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document_limits(document, answer_chars=settings.limits.answer_chars)
            document_errors(document)
            add_links(document)
            _stream_items_for_openapi_3_1(document)
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
    http_tracing = SwitchableTracerProvider()  # HTTP server spans: on the app's own provider once it is built

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_session_stack(settings, kb=kb, deps=deps) as stack, shared_streams(settings) as streams:
            if stack.issued_admin is not None:
                on_admin_key(stack.issued_admin)
            app.state.runtime = AppRuntime(settings=settings, database=stack.database, kb=stack.kb, hub=stack.hub,
                                           service=stack.service, documents=stack.documents,
                                           rates=RateLimits(settings.limits, redis_url=settings.redis_url),
                                           keys=KnownKeys(stack.changes), streams=streams)
            http_tracing.use(stack.service.observer.tracer_provider)
            try:
                yield
            finally:
                stack.hub.close_all()
                await stack.service.drain()
                http_tracing.use(None)
                del app.state.runtime

    app = FastAPI(
        title="Career coach API",
        version="1.0.0",
        summary="Agent-orchestrated career coaching: interview, assessment, a survive / adapt / lead plan.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.limits.body_bytes,
                       path_limits={f"{API_PREFIX}/knowledge/documents": document_body_bytes(settings.limits)},
                       max_depth=settings.limits.json_depth, max_containers=settings.limits.json_containers)
    # Outside the body checks: a request refused here is refused before its body is read.
    app.add_middleware(AdmissionMiddleware, header_bytes=settings.limits.header_bytes,
                       concurrent_requests=settings.limits.concurrent_requests)
    if settings.cors_origins:  # off unless origins are configured: browsers on other origins are refused
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", api_key_header.model.name, "Content-Type", "Last-Event-ID"])
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: on every answer, the early 413/422 included
    install_docs(app)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=http_tracing, meter_provider=NoOpMeterProvider(),
                                       excluded_urls="healthz,docs,redoc,static/docs,openapi.json,/ui/",
                                       exclude_spans=["receive", "send"])
    _customise_openapi(app, settings)
    install_error_handlers(app)
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(health_router, prefix=API_PREFIX)
    app.add_api_route("/healthz", healthz, include_in_schema=False)
    mount_ui(app)
    return app
