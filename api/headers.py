"""Security headers on every response, set as the response starts (pure ASGI: an event stream goes out as it is
written, never buffered).

`/v1` answers carry personal data: no cache may keep them (`Cache-Control: no-store`), and no browser may guess
their type (`nosniff`). The web UI runs under a content security policy that allows only its own origin (it has
no inline script or style, loads nothing from another host) and may not be framed; so may the API's documentation
pages, under a policy their bundles can run with (`docs_headers`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/v1"
UI_PREFIX = "/ui/"
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
API_HEADERS = {**NOSNIFF, "Cache-Control": "no-store"}
UI_POLICY = "; ".join([
    "default-src 'self'",  # scripts, styles, images, fetches and event streams: this origin only
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PAGE_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
UI_HEADERS = {**NOSNIFF, "Content-Security-Policy": UI_POLICY, **PAGE_HEADERS}


def docs_headers(script_hashes: list[str]) -> dict[str, str]:
    """The headers of the API's documentation pages (Swagger UI, ReDoc): the UI's, with a policy that lets their
    bundles run: the inline scripts named by `script_hashes`, inline styles, `data:` images, `blob:` workers."""
    policy = "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return {**NOSNIFF, "Content-Security-Policy": policy, **PAGE_HEADERS}


def headers_for(path: str) -> dict[str, str]:
    """The security headers of a response to `path`: the API's, the UI's, or nosniff alone (docs, health)."""
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return API_HEADERS
    if path == "/" or path.startswith(UI_PREFIX):
        return UI_HEADERS
    return NOSNIFF


class SecurityHeadersMiddleware:
    """Adds `headers_for(path)` to every HTTP response, replacing what a route set for the same names (the API's
    no-store wins over a route's own caching)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
