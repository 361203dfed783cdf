"""The app under uvicorn in a thread of the test process (shared with the benchmarks: `evals.servers`), configured
as `coach serve` configures it: a real HTTP server for a real browser, without paying for a fresh interpreter's
imports (`tests.apitest.server` runs `coach serve` itself)."""

from evals.servers import ThreadedServer, serving

__all__ = ["ThreadedServer", "serving"]
