"""A pinned copy of one of LangChain's Next.js clients under tools/: installed from its lockfile (`npm ci`), built
once into a static site (`next build` with `output: "export"`), and served from a thread on a loopback port.

The install and the build are kept in the client's folder (ignored by git) and redone only when what they were
made from changes: the lockfile for `node_modules`, the lockfile, configuration and sources for the site. Without
Node and npm the tests that need a client skip and say why; under CI=true they fail instead. `python -m
tests.support.agent_chat_ui` (or `.agent_inbox`) does the same install and build ahead of a test run (`make test`
runs them when npm is there).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parents[2] / "tools"
QUIET = {"NEXT_TELEMETRY_DISABLED": "1", "npm_config_update_notifier": "false", "npm_config_fund": "false",
         "npm_config_audit": "false"}
INSTALL_TIMEOUT_S = 600
BUILD_TIMEOUT_S = 600


class ClientUnavailable(RuntimeError):
    """The client cannot be installed or built here; the message says why."""


@dataclass(frozen=True)
class PinnedClient:
    """One client's folder under tools/, and the files (beside `src/`) its build is made from."""

    name: str
    folder: Path
    build_inputs: tuple[str, ...]

    @property
    def site(self) -> Path:
        return self.folder / "out"

    def _digest(self, paths: list[Path]) -> str:
        digest = hashlib.sha256()
        for path in sorted(paths):
            digest.update(str(path.relative_to(self.folder)).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def _sources(self) -> list[Path]:
        return [self.folder / name for name in self.build_inputs] + [
            p for p in (self.folder / "src").rglob("*") if p.is_file()]

    def _run(self, command: list[str], timeout: float, what: str) -> float:
        started = time.monotonic()
        try:
            done = subprocess.run(command, cwd=self.folder, env=os.environ | QUIET, capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ClientUnavailable(f"{what} took longer than {timeout:.0f} s") from exc
        if done.returncode != 0:
            raise ClientUnavailable(f"{what} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
        return time.monotonic() - started

    def ensure_built(self, report: Callable[[str], Any] | None = None) -> Path:
        """The built site's folder, installing and building first when the copy is new or changed. `report` hears
        what was done and how long it took."""
        say = report or (lambda _line: None)
        npm, node = shutil.which("npm"), shutil.which("node")
        if node is None or npm is None:
            raise ClientUnavailable(f"{self.name} needs Node.js and npm (Node 20 or newer) to be installed and built")
        where = f"tools/{self.folder.name}"
        installed_stamp = self.folder / "node_modules" / ".installed-from"
        lock = self._digest([self.folder / "package-lock.json"])
        if not installed_stamp.is_file() or installed_stamp.read_text() != lock:
            seconds = self._run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], INSTALL_TIMEOUT_S,
                                f"npm ci ({where})")
            installed_stamp.write_text(lock)
            say(f"{self.name}: installed from its lockfile in {seconds:.0f} s")
        built_stamp = self.site / ".built-from"
        sources = self._digest(self._sources())
        if not built_stamp.is_file() or built_stamp.read_text() != sources:
            next_cli = self.folder / "node_modules" / "next" / "dist" / "bin" / "next"
            seconds = self._run([node, str(next_cli), "build"], BUILD_TIMEOUT_S, f"next build ({where})")
            built_stamp.write_text(sources)
            say(f"{self.name}: built in {seconds:.0f} s")
        return self.site

    def main(self) -> None:
        """Install and build ahead of a test run; without Node a note (an error under CI=true)."""
        try:
            self.ensure_built(print)
        except ClientUnavailable as exc:
            print(f"{self.name} not built: {exc}", file=sys.stderr)
            sys.exit(1 if os.environ.get("CI", "").lower() == "true" else 0)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """A static site on a free loopback port, from a thread; its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name=f"site-{site.parent.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
