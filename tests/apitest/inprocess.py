"""The app in-process, with httpx clients over ASGITransport (shared with the benchmarks: `evals.inprocess`)."""

from evals.inprocess import InProcessApi, running_api

__all__ = ["InProcessApi", "running_api"]
