"""`/v1/knowledge`: search the knowledge base and resolve any citation id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api.deps import CurrentUser, RuntimeDep
from api.errors import NOT_FOUND
from knowledge.index import Hit
from knowledge.items import KnowledgeItem
from sessions.errors import InvalidInput
from sessions.inputs import NO_NUL_PATTERN, text_problem, validation_error

router = APIRouter(prefix="/knowledge", tags=["knowledge"])


@router.get("/search", response_model=list[Hit])
async def search(
    runtime: RuntimeDep, _user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What to look for, in plain words.",
                            json_schema_extra={"pattern": NO_NUL_PATTERN})],
    k: Annotated[int, Query(ge=1, le=50, description="How many hits.")] = 5,
) -> list[Hit]:
    """BM25 search over passages and catalog entries."""
    if problem := text_problem(q):
        raise InvalidInput(f"q {problem}", errors=[validation_error(f"q {problem}", loc=("query", "q"))])
    return runtime.kb.search(q, k)


@router.get("/items/{item_id}", response_model=KnowledgeItem, responses=NOT_FOUND)
async def get_item(
    runtime: RuntimeDep, _user: CurrentUser, item_id: Annotated[str, Path(max_length=200)]
) -> KnowledgeItem:
    """One entry (passage, catalog entry or user passage) by id, as cited in assessments and plans."""
    item = runtime.kb.get(item_id)
    if item is None:
        raise HTTPException(404, f"no knowledge entry has the id {item_id!r}")
    return item
