"""Error bodies, the 409 a stale resume gets, and the documented responses of every route."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.models import PendingInterrupt, SessionStatus


class ErrorBody(BaseModel):
    detail: str


class ConflictBody(BaseModel):
    """A resume that cannot apply: the interrupt is stale or answered, the session is busy or failed."""

    detail: str
    status: SessionStatus
    pending: PendingInterrupt | None = Field(description="What the session is waiting for now, if anything.")


class SessionConflict(Exception):
    def __init__(self, detail: str, *, status: SessionStatus, pending: PendingInterrupt | None) -> None:
        super().__init__(detail)
        self.body = ConflictBody(detail=detail, status=status, pending=pending)


async def session_conflict_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SessionConflict)
    return JSONResponse(exc.body.model_dump(mode="json"), status_code=409)


Responses = dict[int | str, dict[str, Any]]


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """FastAPI's handler, except that a 405 lists every documented method of the path in `Allow`.

    (The router only knows the methods of the one route it tried.)
    """
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        methods = documented_methods(request.app.openapi(), request.url.path)
        if methods:
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(methods)}
    return await http_exception_handler(request, exc)


def documented_methods(openapi: dict[str, Any], path: str) -> list[str]:
    """The methods the OpenAPI document lists for the template that `path` matches."""
    for template, operations in openapi.get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            return sorted(method.upper() for method in operations if method.upper() in HTTP_METHODS)
    return []


HTTP_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"})


def _error(description: str, model: type[BaseModel] = ErrorBody) -> dict[str, Any]:
    return {"model": model, "description": description}


UNAUTHORIZED: Responses = {401: _error("Missing, malformed or unknown API key.")}
NOT_FOUND: Responses = {404: _error("No such session, or not one the caller may see.")}
FORBIDDEN: Responses = {403: _error("The caller sees the session but may not take this action.")}
CONFLICT: Responses = {409: _error("The interrupt is stale or already answered, or the session is busy or failed.",
                        ConflictBody)}
TOO_LARGE: Responses = {413: _error("The request body is over the size limit.")}


def json_error(description: str) -> dict[str, Any]:
    """An error documented as JSON on a route whose own responses are another media type (events)."""
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
