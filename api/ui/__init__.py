"""The web UI: one HTML page with its ES modules and stylesheet, served from this package.

No build step and no asset from another host: the files under `static/` are what the browser gets. The page
holds no inline script or style, so a `default-src 'self'` content security policy applies to it unchanged.
Everything the page does goes through the public `/v1` API with the caller's key.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
UI_PREFIX = "/ui"
# Revalidate on every load (cheap: ETag): a page served by a newer server never runs stale modules.
CACHE_CONTROL = "no-cache"


class _Assets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response


async def index() -> FileResponse:
    """The single page; its routes live after the `#`."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": CACHE_CONTROL})


def mount_ui(app: FastAPI) -> None:
    app.add_api_route("/", index, methods=["GET", "HEAD"], include_in_schema=False)
    app.mount(UI_PREFIX, _Assets(directory=STATIC_DIR), name="ui")
