"""Swagger UI at /docs and ReDoc at /redoc, from assets installed with the server (the fastapi-offline package
ships them), never from a CDN: the documentation works with the network off.

Both pages come with the web UI's protections (no framing, no referrer, nosniff) and a content security policy of
their own: scripts from this origin only, plus Swagger UI's one inline start-up script, allowed by its hash;
inline styles, `data:` images and `blob:` workers, which the two bundles use.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.headers import docs_headers

ASSETS = "/static/docs"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hashes(html: str) -> list[str]:
    """The CSP sources (`'sha256-...'`) that allow each inline script of `html`, exactly as written."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in _INLINE_SCRIPT.findall(html)]


def install_docs(app: FastAPI) -> None:
    """Serve the documentation pages and their assets; the app must be built with docs_url=redoc_url=None."""
    app.mount(ASSETS, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="docs-assets")
    title = app.title
    openapi_url = app.openapi_url or "/openapi.json"
    # Built once: the policy's hashes are of these very pages.
    swagger = bytes(get_swagger_ui_html(
        openapi_url=openapi_url, title=f"{title} · Swagger UI", swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url=f"{ASSETS}/favicon.png").body)
    redoc = bytes(get_redoc_html(openapi_url=openapi_url, title=f"{title} · ReDoc",
                                 redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                                 redoc_favicon_url=f"{ASSETS}/favicon.png", with_google_fonts=False).body)

    def page(body: bytes) -> HTMLResponse:
        return HTMLResponse(body, headers=docs_headers(script_hashes(body.decode())))

    async def swagger_ui() -> HTMLResponse:
        return page(swagger)

    async def redoc_ui() -> HTMLResponse:
        return page(redoc)

    app.add_api_route("/docs", swagger_ui, include_in_schema=False)
    app.add_api_route("/redoc", redoc_ui, include_in_schema=False)
