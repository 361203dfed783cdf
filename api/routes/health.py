"""`/v1/healthz`: the database and the checkpointer answer."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from api.deps import RuntimeDep
from api.models import Health
from api.runner import thread_config

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz(runtime: RuntimeDep) -> Health:
    async with runtime.database.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    await runtime.runner.checkpointer.aget_tuple(thread_config("healthz"))
    return Health(status="ok", database=runtime.database.engine.dialect.name,
                  checkpointer=type(runtime.runner.checkpointer).__name__, engine=runtime.settings.engine)
