"""Where a session's server time goes: pyinstrument over whole sessions run in process (as `coach serve` runs them,
tracing on), the event loop's thread sampled, every task on it included.

Run: uv run python bench/profile.py [--sessions 20] [--database-url postgresql://...] [--html profile.html]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.harness import UNLIMITED, in_process, people, session  # noqa: E402
from settings import load_settings  # noqa: E402


async def profiled(sessions: int, database_url: str | None) -> Profiler:
    with tempfile.TemporaryDirectory(prefix="coach-profile-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir), database_url=database_url, engine="knowledge",
                                 limits=UNLIMITED)
        async with in_process(settings, warm_up=3) as (client, _app):
            keys = await people(client, sessions)
            # "disabled": sample the thread whatever task runs (runs are detached from the request's task).
            profiler = Profiler(interval=0.0005, async_mode="disabled")
            with profiler:
                for key in keys:
                    await session(client, key=key)
    return profiler


def main(sessions: int, database_url: str | None, html: Path | None) -> None:
    profiler = asyncio.run(profiled(sessions, database_url))
    print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))
    if html is not None:
        html.write_text(profiler.output_html())
        print(f"HTML profile: {html}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=20, help="sessions to profile")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in a temp dir)")
    parser.add_argument("--html", type=Path, default=None, help="also write pyinstrument's HTML page here")
    arguments = parser.parse_args()
    main(arguments.sessions, arguments.database_url, arguments.html)
