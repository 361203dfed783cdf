"""`/v1/knowledge`: search the knowledge base, resolve any citation id, and keep one's own documents.

Each caller sees the shared knowledge (the catalog and the operator's documents) plus their own documents,
never another person's: another person's document is 404, as their sessions are.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Query, Response

from api.deps import CurrentUser, DbSession, RuntimeDep
from api.errors import NOT_FOUND, TOO_LARGE, ErrorBody, Responses
from api.runtime import AppRuntime
from knowledge.base import KnowledgeBase
from knowledge.index import Hit
from knowledge.items import KnowledgeItem
from sessions.documents import (
    DocumentCreate,
    DocumentPublic,
    add_document,
    delete_document,
    list_documents,
    prepare_document,
)
from sessions.errors import InvalidInput
from sessions.inputs import NO_NUL_PATTERN, text_problem, validation_error
from sessions.tables import User

router = APIRouter(prefix="/knowledge", tags=["knowledge"])

TITLE_TAKEN: Responses = {409: {"model": ErrorBody, "description": (
    "The caller already has a document with this title (compared by slug: case and punctuation aside), or "
    "as many documents, or as many bytes of them, as one person may keep; code conflict.")}}
DOCUMENT_EXAMPLES: dict[str, Any] = {
    "markdown": {"summary": "Markdown: each heading titles the passages under it", "value": {
        "title": "My team's QA notes",
        "text": "# Retro\n\nThe flaky checkout suite cost us two releases; we want an always-on canary instead.",
    }},
    "plain": {"summary": "Plain text: one section", "value": {
        "title": "Evenings", "text": "I can study two evenings a week, after the children are asleep."}},
}
DOCUMENT_NOT_FOUND: Responses = {404: {"model": ErrorBody,
                                       "description": "No such document among the caller's own (code not_found)."}}


async def knowledge_for(runtime: AppRuntime, user: User) -> KnowledgeBase:
    """The shared knowledge base plus `user`'s own documents (a view built off the event loop when new)."""
    documents = await runtime.documents.for_user(user.id)
    if documents is None:
        return runtime.kb
    return await asyncio.to_thread(runtime.kb.with_private, documents)


@router.get("/search", response_model=list[Hit])
async def search(
    runtime: RuntimeDep, user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What to look for, in plain words.",
                            json_schema_extra={"pattern": NO_NUL_PATTERN})],
    k: Annotated[int, Query(ge=1, le=50, description="How many hits.")] = 5,
) -> list[Hit]:
    """BM25 search over passages and catalog entries, the shared documents and the caller's own."""
    if problem := text_problem(q):
        raise InvalidInput(f"q {problem}", errors=[validation_error(f"q {problem}", loc=("query", "q"))])
    return (await knowledge_for(runtime, user)).search(q, k)


@router.get("/items/{item_id}", response_model=KnowledgeItem, responses=NOT_FOUND)
async def get_item(
    runtime: RuntimeDep, user: CurrentUser, item_id: Annotated[str, Path(max_length=200)]
) -> KnowledgeItem:
    """One entry (passage, catalog entry, shared or own document passage) by id, as cited in assessments and
    plans. A passage of another person's document is 404."""
    item = (await knowledge_for(runtime, user)).get(item_id)
    if item is None:
        raise HTTPException(404, f"no knowledge entry has the id {item_id!r}")
    return item


@router.post("/documents", response_model=DocumentPublic, status_code=201,
             responses={**TOO_LARGE, **TITLE_TAKEN})
async def add_own_document(
    runtime: RuntimeDep, user: CurrentUser,
    create: Annotated[DocumentCreate, Body(openapi_examples=DOCUMENT_EXAMPLES)],
) -> DocumentPublic:
    """Add a Markdown or text document to the caller's own knowledge: searchable by them and drawn on by the
    runs of their sessions, never visible to anyone else. Over the size limit: 413; not text (control
    characters, blank): 422; a title they already use, or the caller at their limit of documents or of their
    bytes: 409 (nothing is replaced)."""
    limits = runtime.settings.limits
    row = await asyncio.to_thread(prepare_document, create, owner_id=user.id, limits=limits)
    async with runtime.database.transaction() as db:
        return await add_document(db=db, row=row, limits=limits)


@router.get("/documents", response_model=list[DocumentPublic])
async def list_own_documents(db: DbSession, user: CurrentUser) -> list[DocumentPublic]:
    """The caller's own documents, newest first."""
    return await list_documents(db=db, owner_id=user.id)


@router.delete("/documents/{document_id}", status_code=204, responses=DOCUMENT_NOT_FOUND)
async def delete_own_document(
    runtime: RuntimeDep, user: CurrentUser,
    document_id: Annotated[str, Path(max_length=64, description="The document's id.")],
) -> Response:
    """Delete one of the caller's own documents; runs that start afterwards no longer see it."""
    async with runtime.database.transaction() as db:
        await delete_document(db=db, owner_id=user.id, doc_id=document_id)
    return Response(status_code=204)
