"""The web UI as files: served at / from the package, no inline script or style (a `default-src 'self'` policy
applies unchanged), nothing from another host, every module import resolvable. The browser tests drive the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from api.ui import STATIC_DIR
from domain.interrupts import InterruptKind
from graphs.coaching import graph
from sessions.tables import SessionStatus
from tests.apitest.inprocess import InProcessApi

HTML = sorted(STATIC_DIR.rglob("*.html"))
SCRIPTS = sorted(STATIC_DIR.rglob("*.js"))
STYLES = sorted(STATIC_DIR.rglob("*.css"))
IMPORT = re.compile(r"""^\s*import\s[^;]*?from\s+["']([^"']+)["']""", re.MULTILINE | re.DOTALL)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_page_has_no_inline_script_style_or_handler() -> None:
    assert HTML and SCRIPTS and STYLES
    for path in HTML:
        page = _text(path)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), f"{path.name}: inline <script>"
        assert "<style" not in page, f"{path.name}: inline <style>"
        assert not re.search(r"\sstyle\s*=", page), f"{path.name}: style attribute"
        assert not re.search(r"\son[a-z]+\s*=", page), f"{path.name}: event handler attribute"


def test_scripts_build_the_page_from_data_never_from_html_strings() -> None:
    for path in SCRIPTS:
        code = _text(path)
        for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert risky not in code, f"{path.name} uses {risky}"
        assert not re.search(r"setAttribute\(\s*[\"']style", code), f"{path.name} sets a style attribute"


def test_nothing_comes_from_another_host() -> None:
    for path in HTML + SCRIPTS + STYLES:
        code = _text(path)
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", code), f"{path.name} loads from another host"
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", code), f"{path.name} loads from another host"
        assert "fetch(\"http" not in code and "fetch(`http" not in code, f"{path.name} calls another host"


def test_every_module_import_resolves() -> None:
    for path in SCRIPTS:
        for target in IMPORT.findall(_text(path)):
            assert target.startswith("."), f"{path.name} imports a bare module {target!r} (no build step here)"
            assert (path.parent / target).resolve().is_file(), f"{path.name} imports missing {target}"
    for path in HTML:
        for target in re.findall(r"(?:src|href)=\"(/ui/[^\"]+)\"", _text(path)):
            assert (STATIC_DIR / target.removeprefix("/ui/")).is_file(), f"{path.name} links missing {target}"


def _keys(code: str, table: str) -> set[str]:
    body = re.search(rf"export const {table} = {{(.*?)\n}};", code, re.DOTALL)
    assert body, f"words.js has no {table}"
    return set(re.findall(r"^\s+([a-z_]+):", body.group(1), re.MULTILINE))


def test_the_page_has_words_for_every_status_interrupt_and_step() -> None:
    """A status, an interrupt kind or a graph node the page has no words for would show as a code."""
    words = _text(STATIC_DIR / "js" / "views" / "words.js")
    assert set(get_args(SessionStatus)) <= _keys(words, "STATUS_TEXT")
    assert set(get_args(InterruptKind)) <= _keys(words, "KIND_TEXT")
    assert set(graph.nodes) - {"__start__"} <= _keys(words, "NODE_TEXT")


async def test_the_page_and_its_assets_are_served(api: InProcessApi) -> None:
    client = api.client()
    page = await client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"
    assert '<script type="module" src="/ui/js/main.js"></script>' in page.text
    for asset, media in (("/ui/js/main.js", "javascript"), ("/ui/app.css", "text/css"), ("/ui/icon.svg", "svg")):
        response = await client.get(asset)
        assert response.status_code == 200 and media in response.headers["content-type"], asset
        assert response.headers["cache-control"] == "no-cache"
    missing = await client.get("/ui/js/nope.js")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert "/" not in api.app.openapi()["paths"]  # the page is not part of the API
