"""User documents: chunked, searchable, and refused cleanly when empty, binary or oversized."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.user_docs import UserDocumentError, UserIndexStore

NOTES = """# Team notes

Our QA guild is piloting contract tests for the payments API.

## Retro

The flaky checkout suite cost us two releases; we want an always-on canary instead.
"""


def test_added_document_is_chunked_and_searchable(tmp_path: Path) -> None:
    doc = tmp_path / "team-notes.md"
    doc.write_text(NOTES)
    store = UserIndexStore(tmp_path / "index")
    added = store.add(doc, max_bytes=1_000_000)
    assert [i.id for i in added.items] == ["u.team-notes.1", "u.team-notes.2"]
    assert added.items[1].title == "Retro" and added.items[1].source_id == "user:team-notes"
    kb = KnowledgeBase.open(tmp_path / "index")
    assert kb.search("flaky checkout canary", 3)[0].id == "u.team-notes.2"
    assert kb.get("u.team-notes.1") is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"   \n\t", "whitespace"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"\xff\xfe\xfa", "UTF-8")],
)
def test_bad_documents_are_refused_and_change_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    doc = tmp_path / "bad.md"
    doc.write_bytes(content)
    store = UserIndexStore(tmp_path / "index")
    with pytest.raises(UserDocumentError, match=message):
        store.add(doc, max_bytes=1_000_000)
    assert store.documents() == []


def test_oversized_document_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "big.txt"
    doc.write_text("word " * 2000)
    with pytest.raises(UserDocumentError, match="limit"):
        UserIndexStore(tmp_path / "index").add(doc, max_bytes=5000)
    assert not (tmp_path / "index").exists()
