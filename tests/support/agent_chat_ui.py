"""LangChain's Agent Chat UI, from the pinned copy in tools/agent-chat-ui: installed from its lockfile (`npm ci`),
built once into a static site (`next build`), and served from a thread on a loopback port.

The install and the build are kept in that folder (ignored by git) and redone only when what they were made from
changes: the lockfile for `node_modules`, the lockfile, configuration and sources for the site. Without Node and
npm the tests that need the client skip and say why; under CI=true they fail instead. `python -m
tests.support.agent_chat_ui` does the same install and build ahead of a test run (`make test` runs it when npm is
there).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CLIENT = Path(__file__).resolve().parents[2] / "tools" / "agent-chat-ui"
SITE = CLIENT / "out"
LOCKFILE = CLIENT / "package-lock.json"
INSTALLED_STAMP = CLIENT / "node_modules" / ".installed-from"
BUILT_STAMP = SITE / ".built-from"
BUILD_INPUTS = ("package-lock.json", "package.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json")
QUIET = {"NEXT_TELEMETRY_DISABLED": "1", "npm_config_update_notifier": "false", "npm_config_fund": "false",
         "npm_config_audit": "false"}
INSTALL_TIMEOUT_S = 600
BUILD_TIMEOUT_S = 600


class ClientUnavailable(RuntimeError):
    """The client cannot be installed or built here; the message says why."""


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(CLIENT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _sources() -> list[Path]:
    return [CLIENT / name for name in BUILD_INPUTS] + [p for p in (CLIENT / "src").rglob("*") if p.is_file()]


def _run(command: list[str], timeout: float, what: str) -> float:
    started = time.monotonic()
    env = os.environ | QUIET
    try:
        done = subprocess.run(command, cwd=CLIENT, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise ClientUnavailable(f"{what} took longer than {timeout:.0f} s") from exc
    if done.returncode != 0:
        raise ClientUnavailable(f"{what} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
    return time.monotonic() - started


def ensure_built(report: Any = None) -> Path:
    """The built site's folder, installing and building first when the copy is new or changed. `report` (a
    callable taking a line) hears what was done and how long it took."""
    say = report or (lambda _line: None)
    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        raise ClientUnavailable("Agent Chat UI needs Node.js and npm (Node 20 or newer) to be installed and built")
    lock = _digest([LOCKFILE])
    if not INSTALLED_STAMP.is_file() or INSTALLED_STAMP.read_text() != lock:
        seconds = _run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], INSTALL_TIMEOUT_S,
                       "npm ci (tools/agent-chat-ui)")
        INSTALLED_STAMP.write_text(lock)
        say(f"Agent Chat UI: installed from its lockfile in {seconds:.0f} s")
    sources = _digest(_sources())
    if not BUILT_STAMP.is_file() or BUILT_STAMP.read_text() != sources:
        next_cli = CLIENT / "node_modules" / "next" / "dist" / "bin" / "next"
        node = shutil.which("node")
        assert node is not None
        seconds = _run([node, str(next_cli), "build"], BUILD_TIMEOUT_S, "next build (tools/agent-chat-ui)")
        BUILT_STAMP.write_text(sources)
        say(f"Agent Chat UI: built in {seconds:.0f} s")
    return SITE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The static site on a free loopback port, from a thread; its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="agent-chat-ui", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


if __name__ == "__main__":
    try:
        ensure_built(print)
    except ClientUnavailable as exc:
        print(f"Agent Chat UI not built: {exc}", file=sys.stderr)
        sys.exit(1 if os.environ.get("CI", "").lower() == "true" else 0)
