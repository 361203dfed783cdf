"""`/v1/healthz`: the database and the checkpointer answer."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from api.deps import RuntimeDep
from sessions.runs import thread_config

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = Field(description="Always ok: the server answers.")
    database: str = Field(description="The database dialect in use (sqlite or postgresql).")
    checkpointer: str = Field(description="The graph checkpointer in use.")
    engine: str = Field(description="The engine the agents run on: knowledge or llm.")


@router.get("/healthz", response_model=Health, openapi_extra={"security": []})  # public: no key needed
async def healthz(runtime: RuntimeDep) -> Health:
    async with runtime.database.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    checkpointer = runtime.service.checkpointer
    await checkpointer.aget_tuple(thread_config("healthz"))
    return Health(status="ok", database=runtime.database.engine.dialect.name,
                  checkpointer=type(checkpointer).__name__, engine=runtime.settings.engine)
