"""The knowledge base facade: catalog + shared documents, one index, id resolution; and per person, a view that
adds their own documents (built on demand, kept for the most recent people)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from knowledge.index import Hit, KnowledgeIndex
from knowledge.items import ItemKind, KnowledgeItem, catalog_items
from knowledge.loader import shipped_catalog
from knowledge.models import Catalog
from knowledge.private import PrivateDocuments, current_private
from knowledge.user_docs import UserIndexStore

VIEWS_BYTES = 32 * 1024 * 1024
"""How much of people's own text the views (shared entries plus one person's documents) that each knowledge base
keeps built may hold together: the least recently used go first, and a view over the budget alone is built, used
and not kept. A view's index costs several times its text in memory, and its build time grows with it."""


class KnowledgeBase:
    """Everything citable, searchable and resolvable by id. Inside `private_scope(docs)`, also `docs`."""

    def __init__(self, catalog: Catalog, user_items: Sequence[KnowledgeItem] = ()) -> None:
        self.catalog = catalog
        self._items = {item.id: item for item in (*catalog_items(catalog), *user_items)}
        self.index = KnowledgeIndex(list(self._items.values()))
        self._views: OrderedDict[tuple[str, tuple[str, ...]], tuple[KnowledgeBase, int]] = OrderedDict()
        self._views_lock = threading.Lock()
        self._is_view = False

    @classmethod
    def open(cls, user_index_dir: Path | None = None) -> KnowledgeBase:
        """The shipped catalog plus the shared documents stored under `user_index_dir`."""
        user_items = UserIndexStore(user_index_dir).items() if user_index_dir else []
        return cls(shipped_catalog(), user_items)

    def with_private(self, documents: PrivateDocuments | None) -> KnowledgeBase:
        """This knowledge base plus one person's documents (the same object when they have none)."""
        if documents is None or not documents.items or self._is_view:
            return self
        key = (documents.owner_id, documents.version)
        with self._views_lock:
            if (kept := self._views.get(key)) is not None:
                self._views.move_to_end(key)
                return kept[0]
        view = KnowledgeBase.__new__(KnowledgeBase)
        view.catalog = self.catalog
        view._items = {**self._items, **{item.id: item for item in documents.items}}
        view.index = KnowledgeIndex(list(view._items.values()))
        view._views, view._views_lock, view._is_view = OrderedDict(), self._views_lock, True
        with self._views_lock:
            self._views[key] = (view, documents.text_bytes)
            while sum(size for _, size in self._views.values()) > VIEWS_BYTES:
                self._views.popitem(last=False)
        return view

    def views_kept(self) -> tuple[int, int]:
        """How many people's views are kept built, and the bytes of their own text."""
        with self._views_lock:
            return len(self._views), sum(size for _, size in self._views.values())

    def _scoped(self) -> KnowledgeBase:
        documents = current_private()
        return self if documents is None else self.with_private(documents)

    def get(self, item_id: str) -> KnowledgeItem | None:
        return self._scoped()._items.get(item_id)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._scoped()._items

    def __len__(self) -> int:
        return len(self._scoped()._items)

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Sequence[ItemKind] | None = None,
        role: str | None = None,
        source: str | None = None,
    ) -> list[Hit]:
        return self._scoped().index.search(query, k, kinds=kinds, role=role, source=source)
