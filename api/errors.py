"""Errors at the edge: every failure becomes a JSON body with a stable `code` and a `detail` for people.

The service raises domain errors (`sessions.errors`); this module maps them, and FastAPI's own validation
and HTTP errors, to status codes in one place. Bodies never carry an exception's class name; a request's
own input is not echoed back (it may not even be encodable: lone surrogates, non-finite numbers).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any, get_args

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.headers import headers_for
from domain.interrupts import PendingInterrupt
from sessions.db import is_database_fault
from sessions.errors import (
    Conflict,
    ErrorCode,
    Forbidden,
    InvalidInput,
    LimitReached,
    NotFound,
    ServiceError,
    Taken,
    TooLarge,
    TooManyStreams,
    Unavailable,
)
from sessions.management import Refused
from sessions.tables import SessionStatus

logger = logging.getLogger(__name__)

STATUS_CODES: dict[type[ServiceError], int] = {NotFound: 404, Forbidden: 403, InvalidInput: 422, Conflict: 409,
                                               Taken: 409, LimitReached: 409, TooLarge: 413, Refused: 409}
HTTP_CODES: dict[int, ErrorCode] = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "not_found",
                                    409: "conflict", 413: "too_large", 422: "invalid_input", 429: "rate_limited",
                                    431: "too_large", 503: "unavailable"}
ERROR_CODES: tuple[ErrorCode, ...] = get_args(ErrorCode)
SURROGATES = re.compile("[\ud800-\udfff]")
READS = frozenset({"GET", "HEAD", "OPTIONS"})
INTERNAL_DETAIL = "an internal error stopped this request"
DATABASE_DETAIL = "the database cannot be reached for a moment (it may be restarting); try again in a moment"
DATABASE_RETRY_AFTER_S = 2
# Only a read is known to have changed nothing; a write stopped half-way may have been applied.
READ_NOTE = "nothing was changed by it"
WRITE_NOTE = "it may or may not have taken effect: read what it changes again before you send it again"


class ErrorBody(BaseModel):
    code: ErrorCode = Field(description="A stable code for programs: " + ", ".join(ERROR_CODES) + ".")
    detail: str = Field(description="What went wrong, for people.")


class UnavailableBody(ErrorBody):
    """The server cannot take the request for a moment: its database is unreachable or restarting, or it is at its
    limit of requests at once. The same request may succeed after `Retry-After` seconds."""

    retryable: bool = Field(default=True, description="Always true: the same request may succeed after Retry-After.")


class ConflictBody(ErrorBody):
    """A resume that cannot apply: the interrupt is stale or answered, the session is busy or failed."""

    status: SessionStatus = Field(description="The session's status now.")
    pending: PendingInterrupt | None = Field(description="What the session is waiting for now, if anything.")


def _error(status: int, code: ErrorCode, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, detail=detail).model_dump(mode="json"), status_code=status,
                        headers=headers)


def outcome_note(method: str) -> str:
    """What a client may assume of a request that failed on the server's side: a read changed nothing."""
    return READ_NOTE if method.upper() in READS else WRITE_NOTE


def unavailable(exc: Unavailable, headers: dict[str, str] | None = None) -> JSONResponse:
    """A 503 `unavailable` with Retry-After (`headers` added, e.g. the security headers of a response made
    outside the middleware)."""
    body = UnavailableBody(code=exc.code, detail=exc.message).model_dump(mode="json")
    return JSONResponse(body, status_code=503, headers={**(headers or {}), "Retry-After": str(exc.retry_after_s)})


def _safe_text(value: Any, limit: int = 500) -> str:
    """Text that always encodes as UTF-8 JSON (a lone surrogate in a key becomes U+FFFD), at most `limit` long."""
    text = SURROGATES.sub("\ufffd", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_loc(part: Any) -> str | int:
    return part if isinstance(part, int) and not isinstance(part, bool) else _safe_text(part, 200)


def validation_issues(errors: Any) -> list[dict[str, Any]]:
    """FastAPI's validation errors without the request's own input (never echoed: it may not even encode), every
    string safe to encode, at most 50 of them."""
    issues: list[dict[str, Any]] = []
    for error in list(errors)[:50]:
        if not isinstance(error, dict):
            error = {"msg": error}
        issues.append({"type": _safe_text(error.get("type", "value_error"), 100),
                       "loc": [_safe_loc(part) for part in error.get("loc", ())],
                       "msg": _safe_text(error.get("msg", "invalid value"))})
    return issues


def _validation_response(errors: Any) -> JSONResponse:
    try:
        return JSONResponse({"code": "invalid_input", "detail": validation_issues(errors)}, status_code=422)
    except (TypeError, ValueError, RecursionError):  # never a 500 for a request's own input, whatever it holds
        logger.warning("a validation error could not be described", exc_info=True)
        return JSONResponse({"code": "invalid_input", "detail": [
            {"type": "value_error", "loc": ["body"], "msg": "the request is not accepted as sent"}]}, status_code=422)


async def _service_error(_request: Request, exc: Exception) -> Response:
    if isinstance(exc, InvalidInput):
        return _validation_response(exc.errors)
    if isinstance(exc, Conflict):
        body = ConflictBody(code=exc.code, detail=exc.message, status=exc.status, pending=exc.pending)
        return JSONResponse(body.model_dump(mode="json"), status_code=409)
    if isinstance(exc, TooManyStreams):
        return _error(429, exc.code, exc.message, {"Retry-After": str(exc.retry_after_s)})
    if isinstance(exc, Unavailable):
        return unavailable(exc)
    assert isinstance(exc, ServiceError)
    status = next((code for kind, code in STATUS_CODES.items() if isinstance(exc, kind)), 500)
    return _error(status, exc.code, exc.message)


async def _request_validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _validation_response(exc.errors())


async def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's HTTP errors with a code; a 405 lists every documented method of the path in `Allow`."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        methods = documented_methods(request.app.openapi(), request.url.path)
        if methods:
            headers["Allow"] = ", ".join(methods)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=headers)
    code = HTTP_CODES.get(exc.status_code, "internal" if exc.status_code >= 500 else "invalid_input")
    return _error(exc.status_code, code, _safe_text(exc.detail), headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Starlette answers with this outside every middleware: the security headers are set here too."""
    if is_database_fault(exc):
        return await _database_error(request, exc)
    logger.error("unhandled error", exc_info=exc)
    return _error(500, "internal", f"{INTERNAL_DETAIL}; {outcome_note(request.method)}",
                  dict(headers_for(request.url.path)))


async def _database_error(request: Request, exc: Exception) -> Response:
    """A database that cannot be reached (connections refused or cut, a restart) is a 503 the client may retry;
    any other database error is a fault of ours (500)."""
    if not is_database_fault(exc):
        return await _unexpected(request, exc)
    logger.warning("database unavailable for %s %s: %s", request.method, request.url.path, exc)
    detail = DATABASE_DETAIL if request.method.upper() in READS else f"{DATABASE_DETAIL}; {WRITE_NOTE}"
    return unavailable(Unavailable(detail, retry_after_s=DATABASE_RETRY_AFTER_S), dict(headers_for(request.url.path)))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for database_error in (SQLAlchemyError, psycopg.Error, sqlite3.Error):
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(Exception, _unexpected)


def documented_methods(openapi: dict[str, Any], path: str) -> list[str]:
    """The methods the OpenAPI document lists for the template that `path` matches."""
    for template, operations in openapi.get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            return sorted(method.upper() for method in operations if method.upper() in HTTP_METHODS)
    return []


HTTP_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"})
Responses = dict[int | str, dict[str, Any]]


def _documented(description: str, model: type[BaseModel] = ErrorBody) -> dict[str, Any]:
    return {"model": model, "description": description}


UNAUTHORIZED: Responses = {401: _documented("Missing, malformed or unknown API key (code unauthorized).")}
NOT_FOUND: Responses = {404: _documented("No such session, or not one the caller may see (code not_found).")}
FORBIDDEN: Responses = {403: _documented("The caller sees the session but may not take this action (forbidden).")}
CONFLICT: Responses = {409: _documented(
    "The interrupt is stale or already answered, the session failed (code conflict), or another run holds it "
    "(code busy).", ConflictBody)}
PLAN_NOT_APPROVED: Responses = {409: _documented(
    "The plan is still a draft: it goes to a calendar once approved (code conflict).", ConflictBody)}
TOO_LARGE: Responses = {413: _documented("The request body is over the size limit (code too_large).")}
OPEN_SESSIONS: Responses = {409: _documented(
    "The caller has as many open (not completed) sessions as one person may, or the session a check-in follows has "
    "no approved plan (code conflict); nothing was started.")}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before the request can succeed.",
                               "schema": {"type": "integer", "minimum": 1}}}
BAD_KEYS_DETAIL = "Too many requests with a bad key from this address (code rate_limited)."
BAD_KEYS: Responses = {429: {**_documented(BAD_KEYS_DETAIL), "headers": RETRY_AFTER}}
RATE_LIMITED: Responses = {429: {**_documented(
    "Over this key's rate limit for the route, or too many requests with a bad key from this address "
    "(code rate_limited)."), "headers": RETRY_AFTER}}


def json_error(description: str) -> dict[str, Any]:
    """An error documented as JSON on a route whose own responses are another media type (events)."""
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


def too_many_streams() -> Responses:
    """The events route's 429, documented as JSON with its Retry-After header."""
    return {429: {**json_error("The caller, or the server, has as many event streams open as it may (code "
                               "too_many_streams); nothing was opened. Close a stream, or retry after Retry-After. "
                               "Also: " + BAD_KEYS_DETAIL), "headers": RETRY_AFTER}}


BODY_INVALID = ("Not accepted as sent (code invalid_input): a field is missing or invalid, or the JSON body is "
                "malformed, nests too deep, or holds a non-finite number, an integer outside 64 bits or a lone "
                "surrogate. Each problem says where it is; the request's own input is never echoed.")


def _document_body_errors(openapi: dict[str, Any]) -> None:
    """Every operation that may carry a body can meet the body checks that run before routing: 413 and 422."""
    for operations in openapi.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() in HTTP_METHODS - {"GET", "HEAD", "OPTIONS"}:
                responses = operation.setdefault("responses", {})
                responses.setdefault("413", {**json_error(TOO_LARGE[413]["description"])})
                invalid = responses.setdefault("422", {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}})
                invalid["description"] = BODY_INVALID


UNAVAILABLE_DESCRIPTION = ("The server cannot take the request for a moment (code unavailable, retryable true): its "
                           "database cannot be reached or is restarting, or it is at its limit of requests at once. "
                           "Retry after Retry-After seconds; a write may or may not have taken effect.")


def _document_unavailable(openapi: dict[str, Any]) -> None:
    """Any `/v1` operation may meet a database that blinks, or a server at its limit of requests at once: 503."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas["UnavailableBody"] = UnavailableBody.model_json_schema(ref_template="#/components/schemas/{model}")
    for path, operations in openapi.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            if method.upper() in HTTP_METHODS:
                operation.setdefault("responses", {}).setdefault("503", {
                    "description": UNAVAILABLE_DESCRIPTION, "headers": RETRY_AFTER,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnavailableBody"}}}})


def document_errors(openapi: dict[str, Any]) -> None:
    """FastAPI documents 422s with its own `HTTPValidationError`; this API's 422 body also has a `code`. Every
    operation that takes a body documents the 413 and 422 of the checks made before routing, and every `/v1`
    operation its 503."""
    _document_body_errors(openapi)
    _document_unavailable(openapi)
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    if "HTTPValidationError" in schemas:
        schemas["HTTPValidationError"] = {
            "title": "HTTPValidationError", "type": "object", "required": ["code", "detail"],
            "description": "A request the API cannot use as sent.",
            "properties": {
                "code": {"type": "string", "enum": ["invalid_input"], "description": "Always invalid_input."},
                "detail": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"},
                           "description": "One entry per problem found."},
            },
        }
    if "ValidationError" in schemas:  # what `validation_issues` sends: never the request's own input
        schemas["ValidationError"] = {
            "title": "ValidationError", "type": "object", "required": ["loc", "msg", "type"],
            "description": "One problem with the request.",
            "properties": {
                "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        "description": "Where: body, query or path, then the field's path."},
                "msg": {"type": "string", "description": "What is wrong, for people."},
                "type": {"type": "string", "description": "A stable code for the kind of problem."},
            },
        }

