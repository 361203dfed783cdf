"""Documents people add through the API: stored per owner, visible to that owner only.

A person's documents reach the knowledge base only inside their own scope (`knowledge.private`): their own API
searches and lookups, and the runs of the sessions they own. Shared documents are the operator's (`coach kb`);
nothing here touches them. Deleting a session leaves its owner's documents; deleting a user calls
`remove_user_documents` first.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.documents import INVISIBLE, UserDocumentError, check_text, passages, slug
from knowledge.items import KnowledgeItem
from knowledge.private import PRIVATE_PREFIX, PrivateDocuments
from sessions.changes import Changes, StampedCache, announce_change
from sessions.db import Database
from sessions.errors import InvalidInput, LimitReached, NotFound, Taken, TooLarge
from sessions.inputs import validation_error
from sessions.tables import CoachingSession, UserDocumentRow, aware
from settings import Limits

SCOPES_BYTES = 32 * 1024 * 1024
"""How much of people's own text a process keeps loaded, the most recently used first (a reload costs one query per
changed set): bounded in bytes, not in people, since one person may keep megabytes."""
SCOPES_PEOPLE = 10_000
"""How many people's sets of documents (often empty) a process remembers between changes."""


_CONTROLS = "\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u009f"
_BLANKS = "\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000" + INVISIBLE
TEXT_PATTERN = f"^[^{_CONTROLS}]*[^{_CONTROLS}{_BLANKS}][^{_CONTROLS}]*$"
"""What `check_text` accepts, for the OpenAPI document: no control characters but whitespace, not blank (nothing
but whitespace and invisible characters). The check itself is `check_text`'s, with clearer messages."""


class DocumentCreate(BaseModel):
    """A Markdown or plain-text document to add to the caller's own knowledge."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200, json_schema_extra={"pattern": TEXT_PATTERN},
                       description="A title for people; unique among the caller's documents (by its slug).")
    text: str = Field(min_length=1, json_schema_extra={"pattern": TEXT_PATTERN},
                      description="The document's text, Markdown or plain; headings title the passages under them. "
                                  "At most COACH_LIMIT_USER_DOC_BYTES bytes in UTF-8 (413 beyond).")


class DocumentPublic(BaseModel):
    """One of the caller's own documents."""

    id: str = Field(description="The document's id; its passages are 'my.<id>.1' .. 'my.<id>.<passages>'.")
    title: str = Field(description="The title it was added with.")
    size_bytes: int = Field(description="The text's size in UTF-8 bytes.")
    passages: int = Field(description="How many passages it was cut into.")
    created_at: datetime = Field(description="When it was added (UTC).")


def _public(row: UserDocumentRow) -> DocumentPublic:
    return DocumentPublic(id=row.id, title=row.title, size_bytes=row.size_bytes, passages=len(row.passages),
                          created_at=aware(row.created_at))


def _invalid(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, errors=[validation_error(message, loc=("body", field))])


def prepare_document(create: DocumentCreate, *, owner_id: str, limits: Limits) -> UserDocumentRow:
    """Check the document against the limits and cut it into passages (CPU work: call it off the event loop).
    `TooLarge` over the size limit, `InvalidInput` for text that is not text; nothing is stored."""
    size = len(create.text.encode("utf-8", "surrogatepass"))
    if size > limits.user_doc_bytes:
        raise TooLarge(f"the document's text is {size:,} bytes, over the limit of {limits.user_doc_bytes:,} bytes")
    title = " ".join(create.title.split())
    try:
        check_text(title, name="title")
        text = check_text(create.text, name="text")
    except UserDocumentError as exc:
        raise _invalid(str(exc), "title" if str(exc).startswith("title") else "text") from exc
    doc_id = secrets.token_hex(6)
    items = passages(text, id_prefix=f"{PRIVATE_PREFIX}.{doc_id}", source_id=f"private:{doc_id}", title=title,
                     locator=title)
    return UserDocumentRow(id=doc_id, owner_id=owner_id, title=title, slug=slug(title), size_bytes=size,
                           passages=[item.model_dump(mode="json") for item in items])


async def add_document(*, db: AsyncSession, row: UserDocumentRow, limits: Limits) -> DocumentPublic:
    """Store a prepared document; `Taken` when the owner has one with the same title slug, `LimitReached` when
    they are at their limit of documents. Never replaces a document."""
    count, held = (await db.exec(select(func.count(), func.coalesce(func.sum(UserDocumentRow.size_bytes), 0))
                                 .where(UserDocumentRow.owner_id == row.owner_id))).one()
    if count >= limits.user_docs_per_user:
        raise LimitReached(f"you have {count} documents, the most one person may keep ({limits.user_docs_per_user}); "
                           "delete one first")
    if held + row.size_bytes > limits.user_doc_bytes_per_user:
        raise LimitReached(f"your documents hold {held:,} bytes of text; this one ({row.size_bytes:,} bytes) would "
                           f"take them over the {limits.user_doc_bytes_per_user:,} one person may keep; delete one "
                           "first")
    taken = (await db.exec(select(UserDocumentRow).where(UserDocumentRow.owner_id == row.owner_id,
                                                         UserDocumentRow.slug == row.slug))).first()
    if taken is not None:
        raise _title_taken(taken)
    db.add(row)
    try:
        await db.flush()
    except IntegrityError as exc:  # the same title added at the same moment
        raise Taken(f"you already have a document titled like {row.title!r}; delete it first, or choose "
                    "another title") from exc
    await announce_change(db)
    return _public(row)


def _title_taken(taken: UserDocumentRow) -> Taken:
    return Taken(f"you already have a document titled {taken.title!r} (id {taken.id}); titles that differ only "
                 "in case or punctuation count as the same. Delete it first (DELETE /v1/knowledge/documents/"
                 f"{taken.id}), or choose another title; nothing was changed")


async def list_documents(*, db: AsyncSession, owner_id: str) -> list[DocumentPublic]:
    """The owner's documents, newest first."""
    rows = await db.exec(select(UserDocumentRow).where(UserDocumentRow.owner_id == owner_id)
                         .order_by(col(UserDocumentRow.created_at).desc(), col(UserDocumentRow.id)))
    return [_public(row) for row in rows]


async def delete_document(*, db: AsyncSession, owner_id: str, doc_id: str) -> None:
    """Delete one of the owner's documents; `NotFound` for an unknown id or another person's document."""
    result = await db.exec(delete(UserDocumentRow).where(
        col(UserDocumentRow.id) == doc_id, col(UserDocumentRow.owner_id) == owner_id))
    if not result.rowcount:
        raise NotFound("no such document")
    await announce_change(db)


async def remove_user_documents(*, db: AsyncSession, user_id: str) -> int:
    """Delete every document `user_id` added (call it before deleting the user, in the same transaction: the
    documents refer to the user). Returns how many were removed."""
    result = await db.exec(delete(UserDocumentRow).where(
        col(UserDocumentRow.owner_id) == user_id))
    await announce_change(db)
    return int(result.rowcount or 0)


class PrivateScopes:
    """Loads a person's documents for their scope. Which documents a person has is read once and then kept while
    no document changed in any process (`sessions.changes`: adding or deleting one announces it); the passages are
    reloaded only when the set of documents changed, and kept for the most recent people within a byte budget."""

    def __init__(self, database: Database, changes: Changes | None = None, *, kept_bytes: int = SCOPES_BYTES,
                 people: int = SCOPES_PEOPLE) -> None:
        self.database = database
        self.kept_bytes = kept_bytes
        self._loaded: OrderedDict[str, PrivateDocuments] = OrderedDict()
        # Each person's document ids, as last read: the passages themselves stay in `_loaded`'s byte budget.
        self._known: StampedCache[str, tuple[str, ...]] | None = (
            StampedCache(changes, size=people) if changes is not None else None)

    async def for_user(self, user_id: str) -> PrivateDocuments | None:
        if self._known is None:
            async with self.database.sessions() as db:
                return await self._load(db, user_id)
        hit, known = self._known.get(user_id)
        if hit and not known:
            return None
        if hit and (kept := self._loaded.get(user_id)) is not None and kept.version == known:
            self._loaded.move_to_end(user_id)
            return kept
        stamp = self._known.changes.stamp()  # before the read: a change after it makes the entry stale
        async with self.database.sessions() as db:
            loaded = await self._load(db, user_id)
        self._known.put(user_id, loaded.version if loaded is not None else (), stamp)
        return loaded

    async def for_session(self, session_id: str) -> PrivateDocuments | None:
        """The documents of the session's owner (None when they have none, or there is no such session)."""
        async with self.database.sessions() as db:
            owner_id = (await db.exec(select(CoachingSession.owner_id)
                                      .where(CoachingSession.id == session_id))).first()
            return None if owner_id is None else await self._load(db, owner_id)

    async def _load(self, db: AsyncSession, owner_id: str) -> PrivateDocuments | None:
        ids = tuple(sorted((await db.exec(select(UserDocumentRow.id)
                                          .where(UserDocumentRow.owner_id == owner_id))).all()))
        if not ids:
            self._loaded.pop(owner_id, None)
            return None
        cached = self._loaded.get(owner_id)
        if cached is None or cached.version != ids:
            rows = (await db.exec(select(UserDocumentRow).where(UserDocumentRow.owner_id == owner_id)
                                  .order_by(col(UserDocumentRow.created_at), col(UserDocumentRow.id)))).all()
            cached = _private(owner_id, rows)
        self._loaded[owner_id] = cached
        self._loaded.move_to_end(owner_id)
        while sum(loaded.text_bytes for loaded in self._loaded.values()) > self.kept_bytes:
            self._loaded.popitem(last=False)
        return cached


def _private(owner_id: str, rows: Sequence[UserDocumentRow]) -> PrivateDocuments:
    items = tuple(KnowledgeItem.model_validate(passage) for row in rows for passage in row.passages)
    return PrivateDocuments(owner_id=owner_id, version=tuple(sorted(row.id for row in rows)), items=items)
