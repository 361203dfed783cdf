"""Documents: chunked, searchable, refused cleanly when empty, binary, oversized or not a regular file; an id
that is taken is never overwritten silently; a person's own documents are seen in their scope only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.documents import passages
from knowledge.private import PrivateDocuments, private_scope
from knowledge.user_docs import DocumentIdTaken, UserDocumentError, UserIndexStore

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


# --- regular files only ----------------------------------------------------------------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "notes.md"
    target.write_text(NOTES)
    if kind == "symlink":
        (tmp_path / "link.md").symlink_to(target)
        return tmp_path / "link.md"
    if kind == "dangling symlink":
        (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
        return tmp_path / "gone.md"
    if kind == "directory":
        (tmp_path / "folder.md").mkdir()
        return tmp_path / "folder.md"
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.md")
        return tmp_path / "pipe.md"
    assert kind == "device"
    return Path("/dev/null")


@pytest.mark.parametrize(("kind", "message"), [
    ("symlink", "symbolic link"), ("dangling symlink", "symbolic link"), ("directory", "directory"),
    ("fifo", "FIFO"), ("device", "device"),
])
def test_only_regular_files_are_read(tmp_path: Path, kind: str, message: str) -> None:
    store = UserIndexStore(tmp_path / "index")
    with pytest.raises(UserDocumentError, match=f"{message}.*only regular files are accepted"):
        store.add(_special(tmp_path, kind), max_bytes=1_000_000)  # a FIFO would block a reader: it is never opened
    assert store.documents() == []


def test_control_characters_are_binary_and_a_bom_is_dropped(tmp_path: Path) -> None:
    store = UserIndexStore(tmp_path / "index")
    (tmp_path / "esc.txt").write_bytes(b"plain words \x1b[31m red")
    with pytest.raises(UserDocumentError, match="control character U\\+001B"):
        store.add(tmp_path / "esc.txt", max_bytes=1_000)
    (tmp_path / "bom.txt").write_bytes("\ufeffWindows notes about canary releases".encode())
    assert store.add(tmp_path / "bom.txt", max_bytes=1_000).items[0].text.startswith("Windows")


# --- ids: collisions refused, replacing only when asked ------------------------------------------------------


def test_a_colliding_id_is_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    store = UserIndexStore(tmp_path / "index")
    (tmp_path / "My Notes.md").write_text("Kubernetes migration diary.")
    (tmp_path / "my-notes.txt").write_text("Sourdough starter feeding schedule.")
    first = store.add(tmp_path / "My Notes.md", max_bytes=1_000)
    with pytest.raises(DocumentIdTaken, match=r"'my-notes' is already taken by .*My Notes\.md.*--replace.*--id"):
        store.add(tmp_path / "my-notes.txt", max_bytes=1_000)
    assert [d.items[0].text for d in store.documents()] == ["Kubernetes migration diary."]
    with pytest.raises(DocumentIdTaken):  # re-adding the same file is refused too, unless asked to replace
        store.add(tmp_path / "My Notes.md", max_bytes=1_000)
    other = store.add(tmp_path / "my-notes.txt", max_bytes=1_000, doc_id="Baking")
    assert (first.doc_id, other.doc_id, other.items[0].id) == ("my-notes", "baking", "u.baking.1")
    (tmp_path / "My Notes.md").write_text("Kubernetes migration diary, week two.")
    store.add(tmp_path / "My Notes.md", max_bytes=1_000, replace=True)
    assert [d.items[0].text for d in store.documents()] == [
        "Sourdough starter feeding schedule.", "Kubernetes migration diary, week two."]
    assert store.remove("my-notes") is not None and store.remove("my-notes") is None
    assert [d.doc_id for d in store.documents()] == ["baking"]
    assert not list((tmp_path / "index").glob(".*.tmp")), "no temporary file is left behind"


# --- a person's own documents: seen only in their scope --------------------------------------------------------


def _private(owner: str, text: str) -> PrivateDocuments:
    items = passages(text, id_prefix=f"my.{owner}doc", source_id=f"private:{owner}doc", title="Mine", locator="Mine")
    return PrivateDocuments(owner_id=owner, version=(f"{owner}doc",), items=tuple(items))


def test_private_documents_are_seen_only_in_their_owners_scope(kb: KnowledgeBase) -> None:
    ada, bob = _private("ada", "The zanzibar reliability rota for our payments team."), _private("bob", "Bob's")
    assert kb.search("zanzibar rota") == [] and "my.adadoc.1" not in kb
    shared = len(kb)
    with private_scope(ada):
        assert kb.search("zanzibar rota")[0].id == "my.adadoc.1"
        assert kb.get("my.adadoc.1") is not None and "role.qa-ai-quality" in kb
        assert len(kb) == shared + 1
    with private_scope(bob):
        assert kb.search("zanzibar rota") == [] and kb.get("my.adadoc.1") is None
    assert kb.with_private(ada) is kb.with_private(ada), "a person's view is built once per set of documents"
    assert kb.search("zanzibar rota") == []
