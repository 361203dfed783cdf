"""Tracing overhead: whole-session server time with tracing on versus off, measured in one run.

Run: uv run python bench/tracing.py [--sessions 30]     Target: ratio (on / off) <= 1.15.
Two apps (same settings but `tracing`) run side by side in-process; sessions alternate between them so both
see the same machine load. Tracing on means spans to the embedded store through the batch processor.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.harness import UNLIMITED, in_process, ms, people, percentile, session  # noqa: E402
from settings import load_settings  # noqa: E402


@asynccontextmanager
async def client_for(data_dir: Path, *, tracing: bool) -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(data_dir=data_dir, engine="knowledge", tracing=tracing, limits=UNLIMITED)
    async with in_process(settings) as (client, _app):
        yield client


async def main(sessions: int) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        async with AsyncExitStack() as stack:
            off = await stack.enter_async_context(client_for(Path(tmp) / "off", tracing=False))
            on = await stack.enter_async_context(client_for(Path(tmp) / "on", tracing=True))
            keys = {"off": await people(off, 3 + sessions), "on": await people(on, 3 + sessions)}
            for index in range(3):  # warm-up both
                await session(off, key=keys["off"][index])
                await session(on, key=keys["on"][index])
            times: dict[str, list[float]] = {"off": [], "on": []}
            for index in range(3, 3 + sessions):
                times["off"].append(await session(off, key=keys["off"][index]))
                times["on"].append(await session(on, key=keys["on"][index]))
    p50 = {name: statistics.median(values) for name, values in times.items()}
    print(f"tracing bench: {sessions} sessions each way, alternating (knowledge engine, SQLite, in-process)")
    for name in ("off", "on"):
        print(f"  tracing {name:<3}  whole session p50 {ms(p50[name])} ms   p95 {ms(percentile(times[name], 0.95))} ms")
    ratio = p50["on"] / p50["off"]
    print(f"  ratio on/off (p50): {ratio:.3f}   (target <= 1.15: {'met' if ratio <= 1.15 else 'MISSED'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=30)
    asyncio.run(main(parser.parse_args().sessions))
