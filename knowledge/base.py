"""The knowledge base facade: catalog + user documents, one index, id resolution."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from knowledge.index import Hit, KnowledgeIndex
from knowledge.items import ItemKind, KnowledgeItem, catalog_items
from knowledge.loader import shipped_catalog
from knowledge.models import Catalog
from knowledge.user_docs import UserIndexStore


class KnowledgeBase:
    """Everything citable, searchable and resolvable by id."""

    def __init__(self, catalog: Catalog, user_items: Sequence[KnowledgeItem] = ()) -> None:
        self.catalog = catalog
        self._items = {item.id: item for item in (*catalog_items(catalog), *user_items)}
        self.index = KnowledgeIndex(list(self._items.values()))

    @classmethod
    def open(cls, user_index_dir: Path | None = None) -> KnowledgeBase:
        """The shipped catalog plus the user documents stored under `user_index_dir`."""
        user_items = UserIndexStore(user_index_dir).items() if user_index_dir else []
        return cls(shipped_catalog(), user_items)

    def get(self, item_id: str) -> KnowledgeItem | None:
        return self._items.get(item_id)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    def __len__(self) -> int:
        return len(self._items)

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Sequence[ItemKind] | None = None,
        role: str | None = None,
        source: str | None = None,
    ) -> list[Hit]:
        return self.index.search(query, k, kinds=kinds, role=role, source=source)
