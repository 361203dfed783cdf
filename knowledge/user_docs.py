"""Shared documents: the operator's Markdown or text files (`coach kb add`), chunked into passages and kept as
one JSON file each in the data directory. Every user's sessions search them. A document's id is the slug of
its file name (or one the operator gives); an id that is taken is refused unless the operator asks to replace it."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from knowledge.documents import UserDocumentError, decode_text, passages, read_regular_file, slug
from knowledge.items import KnowledgeItem

__all__ = ["DocumentIdTaken", "UserDocument", "UserDocumentError", "UserIndexStore", "parse_document"]


class DocumentIdTaken(UserDocumentError):
    """The id is already held by a shared document; nothing was changed."""

    def __init__(self, message: str, *, existing: UserDocument | None) -> None:
        super().__init__(message)
        self.existing = existing


class UserDocument(BaseModel):
    doc_id: str = Field(description="The document's id; passage ids are 'u.<doc_id>.<n>'.")
    path: str
    added_at: datetime
    items: list[KnowledgeItem]


def parse_document(path: Path, *, max_bytes: int, doc_id: str | None = None) -> UserDocument:
    """Read (a regular file only), validate and chunk a file into passages, without storing anything."""
    text = decode_text(read_regular_file(path, max_bytes=max_bytes), name=str(path))
    doc_id = slug(doc_id or path.stem)
    items = passages(text, id_prefix=f"u.{doc_id}", source_id=f"user:{doc_id}", title=path.stem, locator=path.name)
    return UserDocument(doc_id=doc_id, path=str(path.parent.resolve() / path.name), added_at=datetime.now(UTC),
                        items=items)


class UserIndexStore:
    """Shared documents as one JSON file each under a directory; writes are atomic and never overwrite silently."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.json"

    def add(self, path: Path, *, max_bytes: int, doc_id: str | None = None, replace: bool = False) -> UserDocument:
        """Add `path` under `doc_id` (default: its name's slug). A taken id is `DocumentIdTaken` unless `replace`."""
        doc = parse_document(path, max_bytes=max_bytes, doc_id=doc_id)
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._file(doc.doc_id)
        tmp = self.root / f".{doc.doc_id}.{os.getpid()}.tmp"
        tmp.write_text(doc.model_dump_json(), encoding="utf-8")
        try:
            if replace:
                tmp.replace(target)
            else:
                self._link_new(tmp, target, doc)
        finally:
            tmp.unlink(missing_ok=True)
        return doc

    def _link_new(self, tmp: Path, target: Path, doc: UserDocument) -> None:
        """Create `target` only if no file holds it (linking fails on an existing name: no check-then-write race)."""
        try:
            os.link(tmp, target)
        except FileExistsError:
            existing = self.get(doc.doc_id)
            held_by = f"{existing.path} (added {existing.added_at:%Y-%m-%d %H:%M} UTC)" if existing else "a document"
            raise DocumentIdTaken(
                f"the id {doc.doc_id!r} is already taken by {held_by}; nothing was changed. Use --replace to "
                "replace it, or --id to add this file under another id", existing=existing) from None

    def get(self, doc_id: str) -> UserDocument | None:
        try:
            return UserDocument.model_validate(json.loads(self._file(slug(doc_id)).read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def remove(self, doc_id: str) -> UserDocument | None:
        """Remove the document with this id; None when there is none."""
        doc = self.get(doc_id)
        if doc is not None:
            with contextlib.suppress(FileNotFoundError):
                self._file(doc.doc_id).unlink()
        return doc

    def documents(self) -> list[UserDocument]:
        if not self.root.is_dir():
            return []
        return [UserDocument.model_validate(json.loads(f.read_text(encoding="utf-8")))
                for f in sorted(self.root.glob("*.json"))]

    def items(self) -> list[KnowledgeItem]:
        return [item for doc in self.documents() for item in doc.items]
