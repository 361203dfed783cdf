"""A person's own documents, and the scope in which the knowledge base sees them.

The session service knows whose session a run is; the agents only hold the knowledge base. While a run of
user A's session is under way, `private_scope(A's documents)` is set (a context variable, so it follows the run
into its tasks and worker threads and nowhere else): every search, lookup and citation check of the knowledge
base then sees the shared entries plus A's own documents, never another person's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from knowledge.items import KnowledgeItem

PRIVATE_PREFIX = "my"
"""Passage ids of a person's own documents are 'my.<document id>.<n>'."""


@dataclass(frozen=True)
class PrivateDocuments:
    """One person's documents as passages. `version` (the documents' ids) changes whenever the set does."""

    owner_id: str
    version: tuple[str, ...]
    items: tuple[KnowledgeItem, ...]

    @cached_property
    def text_bytes(self) -> int:
        """The size of the passages' text, in UTF-8: what holding them (and an index over them) costs grows with it."""
        return sum(len(item.text.encode("utf-8", "surrogatepass")) for item in self.items)


_SCOPE: ContextVar[PrivateDocuments | None] = ContextVar("coach_private_documents", default=None)


@contextmanager
def private_scope(documents: PrivateDocuments | None) -> Iterator[None]:
    """Within this block (and the tasks and threads it starts), the knowledge base also sees `documents`."""
    token = _SCOPE.set(documents)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def current_private() -> PrivateDocuments | None:
    return _SCOPE.get()
