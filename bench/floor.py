"""The lean floor the API is measured against: FastAPI + LangGraph + AsyncSqliteSaver (or AsyncPostgresSaver) running
the same coaching graph on the knowledge engine, with the same interrupt shape and the same resume bodies, and
nothing else: no auth, no product tables, no locks, no limits, no tracing, no events.

Run: uv run python bench/floor.py --port 8100 [--data-dir DIR] [--database-url postgresql://...]
`bench/api.py --against-floor` starts it beside `coach serve` and times both.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import aiosqlite  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver  # noqa: E402
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver  # noqa: E402
from langgraph.types import Command, Durability  # noqa: E402
from psycopg.rows import dict_row  # noqa: E402
from psycopg_pool import AsyncConnectionPool  # noqa: E402

from agents.engines import build_deps  # noqa: E402
from graphs.coaching import make_graph  # noqa: E402
from graphs.serde import make_serde  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from settings import load_settings  # noqa: E402

POOL_SIZE = 20
POOL_KWARGS = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}


def make_app(data_dir: Path, database_url: str | None = None, durability: Durability = "exit") -> FastAPI:
    """The floor's app: POST /v1/sessions and POST /v1/sessions/{id}/resume, answering `{id, status, pending}`."""
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings = load_settings(data_dir=data_dir, engine="knowledge")
        deps = build_deps(settings, KnowledgeBase.open())
        if database_url:
            # A pool, as any server taking concurrent sessions would have (one connection would serialise them).
            async with AsyncConnectionPool(database_url, max_size=POOL_SIZE, open=False, kwargs=POOL_KWARGS) as pool:
                saver = AsyncPostgresSaver(pool, serde=make_serde())
                await saver.setup()
                app.state.graph, app.state.deps = make_graph(saver), deps
                yield
            return
        async with aiosqlite.connect(data_dir / "floor.db") as connection:
            saver = AsyncSqliteSaver(connection, serde=make_serde())
            await saver.setup()
            app.state.graph, app.state.deps = make_graph(saver), deps
            yield

    app = FastAPI(lifespan=lifespan)

    async def run(request: Request, session_id: str, graph_input: Any) -> dict[str, Any]:
        config = {"configurable": {"thread_id": session_id}}
        result = await request.app.state.graph.ainvoke(graph_input, config, context=request.app.state.deps,
                                                       durability=durability)
        interrupts = result.get("__interrupt__") or []
        pending = interrupts[0].value if interrupts else None
        return {"id": session_id, "status": "completed" if pending is None else "waiting", "pending": pending}

    @app.post("/v1/sessions")
    async def start(request: Request) -> dict[str, Any]:
        return await run(request, uuid.uuid4().hex, {})

    @app.post("/v1/sessions/{session_id}/resume")
    async def resume(session_id: str, request: Request) -> dict[str, Any]:
        body = await request.json()
        body.pop("interrupt_id", None)
        return await run(request, session_id, Command(resume=body))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--data-dir", type=Path, default=None, help="where the checkpoints go (default: a temp dir)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL for the checkpoints (default: SQLite)")
    parser.add_argument("--durability", default="exit", choices=["exit", "async", "sync"])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-floor-") as scratch:
        data_dir = arguments.data_dir or Path(scratch)
        data_dir.mkdir(parents=True, exist_ok=True)
        app = make_app(data_dir, arguments.database_url, arguments.durability)
        uvicorn.run(app, host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
