"""A real browser for the web UI tests: Debian's Chromium driven by Playwright, never a downloaded browser build.

Every page runs under the content security policy the server sends with it (`default-src 'self'`, no framing): a
page that comes without it fails the test. Every request is checked: one to any host but this machine is aborted
and recorded, and the test fails on it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Route

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
POLICY_PARTS = ("default-src 'self'", "frame-ancestors 'none'")
# Playwright adds --headless, --no-sandbox, a temporary profile and --disable-background-networking itself; these
# stop GPU probing, QUIC, and Chromium's own name lookups (e.g. of Google hosts) from leaving the machine.
LAUNCH_ARGS = ["--disable-gpu", "--disable-quic",
               "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost"]
APT_PACKAGES = "chromium chromium-driver fonts-liberation"


def chromium_path() -> str | None:
    explicit = os.environ.get("COACH_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    """Chromium's path and Playwright, or a skip that says why (a failure under CI=true)."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (uv sync installs the dev group)"
    path = chromium_path()
    if reason is None and path is None:
        reason = f"no Chromium: `make test` installs it as root ({APT_PACKAGES}), or set COACH_CHROMIUM"
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the browser tests must run in CI: {reason}")
        pytest.skip(reason)
    assert path is not None
    return path


@contextmanager
def launched(path: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A browser context whose requests stay on this machine, and what its pages said on the console."""

    context: BrowserContext
    own_policy: bool = True
    left_the_machine: list[str] = field(default_factory=list)
    without_policy: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))

    def route(self, route: Route) -> None:
        request = route.request
        if urlsplit(request.url).hostname not in LOCAL_HOSTS:
            self.left_the_machine.append(request.url)
            route.abort("blockedbyclient")
            return
        if request.resource_type == "document" and self.own_policy:  # the product's pages come with its policy
            response = route.fetch()
            policy = response.headers.get("content-security-policy", "")
            if not all(part in policy for part in POLICY_PARTS):
                self.without_policy.append(f"{request.url}: {policy or 'no policy'}")
            route.fulfill(response=response)
            return
        route.continue_()

    def assert_clean(self, *, expected_failures: tuple[str, ...] = ()) -> None:
        """No request left the machine; no script error; no console error but failed loads the test caused."""
        assert self.left_the_machine == [], f"requests left the machine: {self.left_the_machine}"
        assert self.without_policy == [], f"pages without the UI's content security policy: {self.without_policy}"
        assert self.page_errors == [], f"script errors: {self.page_errors}"
        unexpected = [text for text in self.console_errors if not (
            text.startswith("Failed to load resource") and any(code in text for code in expected_failures))]
        assert unexpected == [], f"console errors (CSP violations show here): {unexpected}"


@contextmanager
def watched_context(browser: Browser, *, width: int = 1200, height: int = 900,
                    own_policy: bool = True) -> Iterator[Watched]:
    """A context whose requests are watched; `own_policy=False` for a page that is not the product's (a client of
    the graph's server), whose documents are not held to the product's content security policy."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                  service_workers="block")
    watched = Watched(context, own_policy)
    context.route("**/*", watched.route)
    try:
        yield watched
    finally:
        context.close()


class Screenshots:
    """Screenshots of each page, as test artifacts: in COACH_UI_SCREENSHOTS, else a temporary directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []

    def __call__(self, page: Page, name: str, *, full_page: bool = False) -> Path:
        path = self.directory / f"{name}.png"
        # The status toast says what just happened; in a still picture it would only hide part of the page.
        page.evaluate("document.getElementById('live')?.classList.remove('shown')")
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        self.taken.append(path)
        return path
