"""What durability costs on SQLite: whole-session server time with `synchronous=FULL` (the default: every commit's
log synced, so acknowledged resumes and decisions survive a power loss) against `NORMAL` (synced at checkpoints).

Run: uv run --frozen python bench/durability.py [--sessions 30] [--dir PATH]
In-process (httpx over ASGI, knowledge engine): two apps, one per level, each on its own data directory on the
same file system (`--dir`, default the system's temporary directory: it must be a real disk, not tmpfs, for the
figure to mean anything); sessions alternate between them so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from api.app import create_app  # noqa: E402
from bench.harness import UNLIMITED, people, percentile, session  # noqa: E402
from sessions.bootstrap import IssuedKey  # noqa: E402
from settings import load_settings  # noqa: E402

LEVELS = ("NORMAL", "FULL")
WARM_UP = 3


async def main(sessions: int, directory: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="coach-bench-durability-", dir=directory) as temporary:
        async with AsyncExitStack() as stack:
            clients: dict[str, httpx.AsyncClient] = {}
            for level in LEVELS:
                settings = load_settings(data_dir=Path(temporary) / level, database_url=None, engine="knowledge",
                                         sqlite_synchronous=level, limits=UNLIMITED)
                keys: list[IssuedKey] = []
                app = create_app(settings, on_admin_key=keys.append)
                await stack.enter_async_context(app.router.lifespan_context(app))
                clients[level] = await stack.enter_async_context(httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://bench",
                    headers={"Authorization": f"Bearer {keys[0].token}"}, timeout=120))
            times: dict[str, list[float]] = {level: [] for level in LEVELS}
            keys = {level: await people(clients[level], WARM_UP + sessions) for level in LEVELS}
            for index in range(WARM_UP + sessions):
                for level in LEVELS if index % 2 else reversed(LEVELS):
                    elapsed = await session(clients[level], key=keys[level][index])
                    if index >= WARM_UP:
                        times[level].append(elapsed)
    normal, full = (statistics.median(times[level]) * 1000 for level in LEVELS)
    normal95, full95 = (percentile(times[level], 0.95) * 1000 for level in LEVELS)
    print(f"sqlite synchronous=FULL cost: {full - normal:+.1f} ms per session (p50 {normal:.1f} -> {full:.1f} ms, "
          f"p95 {normal95:.1f} -> {full95:.1f} ms; {sessions} sessions each, NORMAL -> FULL)")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=30, help="sessions timed at each level")
    parser.add_argument("--dir", default=None, help="where the data directories go (a real disk)")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.sessions, arguments.dir)))
