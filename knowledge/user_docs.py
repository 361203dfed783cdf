"""User documents: Markdown or text files chunked into passages and kept in the data directory."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from knowledge.items import KnowledgeItem

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CHUNK_CHARS = 900


class UserDocumentError(ValueError):
    """A user document that cannot be added; nothing was changed."""


class UserDocument(BaseModel):
    doc_id: str = Field(description="Slug of the file name; passage ids are 'u.<doc_id>.<n>'.")
    path: str
    added_at: datetime
    items: list[KnowledgeItem]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "doc"


def _read_text(path: Path, max_bytes: int) -> str:
    if not path.is_file():
        raise UserDocumentError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise UserDocumentError(f"{path}: the file is empty")
    if size > max_bytes:
        raise UserDocumentError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    data = path.read_bytes()
    if b"\x00" in data:
        raise UserDocumentError(f"{path}: looks binary (contains NUL bytes); only Markdown or text files are accepted")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserDocumentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if not text.strip():
        raise UserDocumentError(f"{path}: the file holds only whitespace")
    return text


def _sections(text: str, fallback_title: str) -> list[tuple[str, str]]:
    """Split Markdown into (heading, body) pairs; plain text is one section."""
    sections: list[tuple[str, list[str]]] = [(fallback_title, [])]
    for line in text.splitlines():
        if match := _HEADING.match(line):
            sections.append((match.group(2), []))
        else:
            sections[-1][1].append(line)
    return [(title, "\n".join(body).strip()) for title, body in sections if "\n".join(body).strip()]


def _chunks(body: str) -> list[str]:
    """Greedy paragraph packing up to about `_CHUNK_CHARS`; long paragraphs are cut at sentence ends."""
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", body):
        para = " ".join(para.split())
        while len(para) > _CHUNK_CHARS:
            cut = para.rfind(". ", 0, _CHUNK_CHARS)
            cut = cut + 1 if cut > _CHUNK_CHARS // 3 else _CHUNK_CHARS
            pieces.append(para[:cut].strip())
            para = para[cut:].strip()
        if para:
            pieces.append(para)
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) + 1 <= _CHUNK_CHARS:
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return chunks


def parse_document(path: Path, *, max_bytes: int) -> UserDocument:
    """Validate and chunk a file into passages, without storing anything."""
    text = _read_text(path, max_bytes)
    doc_id = _slug(path.stem)
    items: list[KnowledgeItem] = []
    for title, body in _sections(text, path.stem):
        for chunk in _chunks(body):
            n = len(items) + 1
            items.append(KnowledgeItem(
                id=f"u.{doc_id}.{n}", kind="user", source_id=f"user:{doc_id}", title=title,
                locator=f"{path.name} § {title}", text=chunk, search_text=f"{title} {chunk}",
            ))
    if not items:
        raise UserDocumentError(f"{path}: no text to index")
    return UserDocument(doc_id=doc_id, path=str(path.resolve()), added_at=datetime.now(UTC), items=items)


class UserIndexStore:
    """User documents as one JSON file each under a directory; writes are atomic."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def add(self, path: Path, *, max_bytes: int) -> UserDocument:
        doc = parse_document(path, max_bytes=max_bytes)
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.root / f"{doc.doc_id}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(doc.model_dump_json(), encoding="utf-8")
        tmp.replace(target)
        return doc

    def documents(self) -> list[UserDocument]:
        if not self.root.is_dir():
            return []
        return [UserDocument.model_validate(json.loads(f.read_text(encoding="utf-8")))
                for f in sorted(self.root.glob("*.json"))]

    def items(self) -> list[KnowledgeItem]:
        return [item for doc in self.documents() for item in doc.items]
