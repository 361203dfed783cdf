"""BM25 retrieval: hits carry provenance, filters work, and the labelled set is answered."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agents.assessor.matching import RoleMatcher
from knowledge.base import KnowledgeBase

RETRIEVAL_SET = Path(__file__).resolve().parents[2] / "data" / "retrieval.yaml"


def test_hits_carry_provenance_and_scores(kb: KnowledgeBase) -> None:
    hits = kb.search("always-on quality in production for probabilistic AI", 5)
    assert hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    top = hits[0]
    assert top.id and top.source_id and top.title and top.locator and top.text and top.score > 0


def test_filters_by_kind_role_and_source(kb: KnowledgeBase) -> None:
    assert {h.kind for h in kb.search("salary", 10, kinds=["figure"])} == {"figure"}
    assert {h.source_id for h in kb.search("jobs", 10, source="s004")} == {"s004"}
    for hit in kb.search("automate regression testing", 10, kinds=["action"], role="role.qa-ai-quality"):
        item = kb.get(hit.id)
        assert item is not None and (not item.roles or "role.qa-ai-quality" in item.roles)


def test_no_hits_for_words_the_index_does_not_know(kb: KnowledgeBase) -> None:
    assert kb.search("zzzqqq xylophonic", 5) == []
    assert kb.search("", 5) == []


@pytest.mark.parametrize("title", ["SDET", "test automation engineer", "manual tester", "QA lead"])
def test_qa_synonyms_find_the_qa_role(kb: KnowledgeBase, title: str) -> None:
    matches = RoleMatcher(kb).match(f"I work as a {title}")
    assert matches[0].role_id == "role.qa-ai-quality"
    assert "role.qa-ai-quality" in {h.id for h in kb.search(title, 5, kinds=["role"])}


def test_recall_at_5_on_the_labelled_set(kb: KnowledgeBase) -> None:
    cases = yaml.safe_load(RETRIEVAL_SET.read_text())
    assert len(cases) >= 40
    for case in cases:
        assert all(kb.get(i) is not None for i in case["relevant"]), case["question"]
    recalled = sum(bool(set(c["relevant"]) & {h.id for h in kb.search(c["question"], 5)}) for c in cases)
    assert recalled / len(cases) >= 0.85
