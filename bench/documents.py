"""Documents: what a file must be to enter the shared index, whether one person's documents stay theirs, and what
a person's own documents cost at retrieval. One line per property; exits non-zero when a property fails.

Run: uv run --frozen python bench/documents.py [--people 20] [--queries 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.documents import passages  # noqa: E402
from knowledge.private import PRIVATE_PREFIX, PrivateDocuments, private_scope  # noqa: E402
from knowledge.user_docs import UserDocumentError, UserIndexStore  # noqa: E402

NOTE = "# Notes of {who}\n\nThe {marker} rota for regression testing of AI features, and the bug triage checklist."


def _timed_ms(work: list[float], fn: Callable[..., object], *args: object) -> None:
    started = time.perf_counter()
    fn(*args)
    work.append((time.perf_counter() - started) * 1000)


def file_checks(root: Path) -> tuple[str, bool]:
    """Links, directories, FIFOs and devices refused; a taken id refused, the first document kept."""
    store = UserIndexStore(root / "index")
    (root / "My Notes.md").write_text("kept: the first document")
    (root / "my-notes.txt").write_text("must not overwrite the first")
    (root / "link.md").symlink_to(root / "My Notes.md")
    (root / "folder.md").mkdir()
    os.mkfifo(root / "pipe.md")
    refused = 0
    specials = [root / "link.md", root / "folder.md", root / "pipe.md", Path("/dev/null")]
    for path in specials:
        try:
            store.add(path, max_bytes=10_000)
        except UserDocumentError:
            refused += 1
    store.add(root / "My Notes.md", max_bytes=10_000)
    try:
        store.add(root / "my-notes.txt", max_bytes=10_000)
        collision_refused = False
    except UserDocumentError:
        collision_refused = True
    kept = [d.items[0].text for d in store.documents()] == ["kept: the first document"]
    ok = refused == len(specials) and collision_refused and kept and len(store.documents()) == 1
    line = (f"shared documents, file checks: {refused}/{len(specials)} non-regular files refused (link, directory, "
            f"FIFO, device); id collision {'refused' if collision_refused else 'ACCEPTED'}, "
            f"{0 if kept else 1} documents overwritten")
    return line, ok


def private(owner: str, marker: str) -> PrivateDocuments:
    items = passages(NOTE.format(who=owner, marker=marker), id_prefix=f"{PRIVATE_PREFIX}.{owner}",
                     source_id=f"private:{owner}", title=f"{owner}'s notes", locator=f"{owner}'s notes")
    return PrivateDocuments(owner_id=owner, version=(owner,), items=tuple(items))


def isolation(kb: KnowledgeBase, people: int) -> tuple[str, bool]:
    """Every person searches for every other person's marker and looks up their passage ids: none is seen."""
    docs = [private(f"person{n}", f"marker{n}x") for n in range(people)]
    leaks = checks = own_found = 0
    for viewer in docs:
        with private_scope(viewer):
            for other in docs:
                hits = {h.id for h in kb.search(f"{other.owner_id} {other.items[0].text}", 10)}
                mine = {item.id for item in other.items}
                checks += 2
                if other is viewer:
                    own_found += bool(hits & mine) and all(kb.get(i) is not None for i in mine)
                else:
                    leaks += bool(hits & mine) + any(kb.get(i) is not None for i in mine)
    ok = leaks == 0 and own_found == people
    return (f"own documents, isolation: {people} people, {checks} searches and lookups, {leaks} saw another "
            f"person's passages, {own_found}/{people} found their own"), ok


def latency(kb: KnowledgeBase, queries: list[str]) -> tuple[str, bool]:
    """Query latency on the shared index, and within a person's scope (their view built once, then reused)."""
    doc = private("latency", "zanzibar")
    build: list[float] = []
    _timed_ms(build, kb.with_private, doc)
    shared: list[float] = []
    scoped: list[float] = []
    for _ in range(10):
        for q in queries:
            _timed_ms(shared, kb.search, q, 5)
            with private_scope(doc):
                _timed_ms(scoped, kb.search, q, 5)
    p50_shared, p50_scoped = statistics.median(shared), statistics.median(scoped)
    ok = p50_scoped < 2.0
    return (f"own documents, retrieval: p50 {p50_scoped:.2f} ms with one's own documents, {p50_shared:.2f} ms "
            f"shared only, over {len(scoped)} queries each; a person's view built in {build[0]:.0f} ms, once per "
            "set of documents (target p50 < 2 ms)"), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    cases = yaml.safe_load((ROOT / "tests/data/retrieval.yaml").read_text())
    queries = [str(c["question"]) for c in cases][: args.queries]
    kb = KnowledgeBase.open(None)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        results = [file_checks(Path(tmp)), isolation(kb, args.people), latency(kb, queries)]
    for line, ok in results:
        print(line)
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
