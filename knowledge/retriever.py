"""The knowledge base as a LangChain retriever, so retrieval shows up in callbacks and traces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from knowledge.base import KnowledgeBase
from knowledge.index import Hit
from knowledge.items import ItemKind


class KnowledgeRetriever(BaseRetriever):
    """BM25 over the knowledge base; each document carries its entry id and provenance in metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kb: KnowledgeBase
    k: int = 5
    kinds: Sequence[ItemKind] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=h.text, metadata=h.model_dump(exclude={"text"}))
                for h in self.kb.search(query, self.k, kinds=self.kinds)]


def retrieve(kb: KnowledgeBase, query: str, k: int, *, kinds: Sequence[ItemKind] | None = None) -> list[Hit]:
    """Search through the retriever (traced when a callback handler is active), returning hits."""
    retriever = KnowledgeRetriever(kb=kb, k=k, kinds=kinds, metadata={"k": k})
    docs = retriever.invoke(query)
    hits: list[Hit] = []
    for doc in docs:
        meta: dict[str, Any] = dict(doc.metadata)
        hits.append(Hit(text=doc.page_content, **meta))
    return hits
