"""Lexical (BM25) retrieval over knowledge items, with filters by kind, role and source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

import bm25s
import numpy as np
import Stemmer
from pydantic import Field

from knowledge.items import Entry, ItemKind, KnowledgeItem

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
# A small stop list: BM25's idf handles the rest, and words like "not" or "will" stay meaningful here.
_STOPWORDS = frozenset(
    "a an and are as at be by for from how i in is it its me my of on or so that the their them they this to "
    "was we what when where which who why with you your do does can should am will would could much many all any "
    "once one really actually get make makes look like kind".split()
)


class Hit(Entry):
    """A retrieval result: the entry's provenance and text, and its BM25 score."""

    score: float = Field(description="BM25 score; higher is more relevant.")


class Tokenizer:
    """Lower-case, split, drop stop words, Snowball-stem. Shared by documents and queries."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")

    def __call__(self, text: str) -> list[str]:
        words = [w.replace("'", "") for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]
        return list(self._stemmer.stemWords(words))


class KnowledgeIndex:
    """A BM25 index over a fixed list of items. Build once, query many times (thread-safe for reads)."""

    def __init__(self, items: Sequence[KnowledgeItem]) -> None:
        self.items: tuple[KnowledgeItem, ...] = tuple(items)
        self._tokenize = Tokenizer()
        corpus = [self._tokenize(item.search_text or f"{item.title} {item.text}") or ["_empty_"] for item in self.items]
        self._vocab = {tok for doc in corpus for tok in doc}
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self._bm25.index(corpus, show_progress=False)

    @cached_property
    def _kinds(self) -> np.ndarray:
        return np.array([item.kind for item in self.items])

    @cached_property
    def _sources(self) -> np.ndarray:
        return np.array([item.source_id for item in self.items])

    def _mask(self, kinds: Sequence[ItemKind] | None, role: str | None, source: str | None) -> np.ndarray | None:
        if not kinds and role is None and source is None:
            return None
        mask = np.ones(len(self.items), dtype=bool)
        if kinds:
            mask &= np.isin(self._kinds, list(kinds))
        if source is not None:
            mask &= self._sources == source
        if role is not None:
            mask &= np.array([not item.roles or role in item.roles for item in self.items])
        return mask

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Sequence[ItemKind] | None = None,
        role: str | None = None,
        source: str | None = None,
    ) -> list[Hit]:
        """The top `k` items for `query`, best first; items with a zero score are never returned."""
        tokens = [t for t in self._tokenize(query) if t in self._vocab]
        if not tokens or k <= 0:
            return []
        mask = self._mask(kinds, role, source)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.items))
        docs, scores = self._bm25.retrieve(
            [tokens], k=k, show_progress=False, weight_mask=None if mask is None else mask.astype(np.float32),
            n_threads=0,
        )
        hits: list[Hit] = []
        for idx, score in zip(docs[0], scores[0], strict=True):
            if score <= 0:
                continue
            item = self.items[int(idx)]
            hits.append(Hit(
                id=item.id, kind=item.kind, source_id=item.source_id, title=item.title,
                locator=item.locator, text=item.text, score=round(float(score), 4),
            ))
        return hits
