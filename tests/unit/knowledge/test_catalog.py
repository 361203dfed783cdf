"""The shipped catalog: complete, consistent, cited, and in the project's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import CatalogError, load_catalog
from knowledge.models import Catalog
from reading.text import words

CORE_ROLES = {
    "role.product-manager", "role.program-manager", "role.customer-success", "role.software-engineer",
    "role.leadership", "role.data-scientist", "role.devops-mlops", "role.ux-human-ai", "role.security-red-team",
    "role.cloud-ai-infra", "role.data-engineer", "role.qa-ai-quality", "role.sales-solutions", "role.edge-engineer",
    "role.vector-retrieval",
}
EMERGING_ROLES = {
    "role.agent-fleet-orchestration", "role.simulation-economy", "role.context-supply-chain",
    "role.human-factor-tuning", "role.power-efficient-compute", "role.ai-risk-compliance", "role.synthetic-data",
    "role.edge-inference-robotics", "role.ai-psychologist", "role.business-process-designer",
}
ADJACENT_ROLES = {"role.applied-ai-engineer", "role.ml-engineer", "role.creative-illustration",
                  "role.construction-trades", "role.prompt-engineer"}
COPY_RUN_WORDS = 8


@pytest.fixture(scope="module")
def catalog(kb: KnowledgeBase) -> Catalog:
    return kb.catalog


def test_roles_cover_the_transcript_the_emerging_roles_and_the_other_sectors(catalog: Catalog) -> None:
    by_kind = {kind: {r.id for r in catalog.roles if r.kind == kind} for kind in ("core", "emerging", "adjacent")}
    assert by_kind == {"core": CORE_ROLES, "emerging": EMERGING_ROLES, "adjacent": ADJACENT_ROLES}
    for role in catalog.roles:
        assert set(role.exposure) == {"cheaper-execution", "quality-security", "compute-costs", "human-ai-boundary"}
        assert role.durable and role.moves and role.synonyms, role.id


def test_dynamics_ladder_and_question_bank(catalog: Catalog) -> None:
    assert {d.key for d in catalog.dynamics} == {"cheaper-execution", "quality-security", "compute-costs",
                                                  "human-ai-boundary"}
    assert [s.key for s in catalog.stages] == ["survive", "adapt", "lead"]
    assert len(catalog.questions) >= 10
    fields = {q.field for q in catalog.questions} | {f for q in catalog.questions for f in q.also}
    assert fields == {"current_role", "situation", "years_experience", "seniority", "skills", "ai_tools", "main_tasks",
                      "goals", "hours_per_week", "constraints", "concerns"}
    required = {q.field for q in catalog.questions if q.required}
    assert {"concerns", "constraints", "situation"} <= required
    assert all(q.purpose and q.hint for q in catalog.questions)


def test_action_catalog_covers_every_stage_and_every_role(catalog: Catalog) -> None:
    assert len(catalog.actions) >= 60
    for stage in ("survive", "adapt", "lead"):
        assert sum(a.stage == stage for a in catalog.actions) >= 10, stage
        assert any(a.stage == stage and not a.roles for a in catalog.actions), f"no general {stage} action"
    covered = {r for a in catalog.actions for r in a.roles}
    assert covered == {r.id for r in catalog.roles}
    for action in catalog.actions:
        assert action.id.startswith(f"act.{action.stage}."), action.id


def test_enough_passages_with_provenance(catalog: Catalog) -> None:
    assert len(catalog.passages) >= 80
    sources = {s.id for s in catalog.sources}
    assert {p.source for p in catalog.passages} == sources
    transcript = [p for p in catalog.passages if p.source == "s001"]
    assert all(re.fullmatch(r"\d{1,2}:\d{2}", p.locator) for p in transcript), "transcript passages need mm:ss"


def test_every_citation_resolves(kb: KnowledgeBase, catalog: Catalog) -> None:
    cited = [c for group in (catalog.dynamics, catalog.roles, catalog.stages, catalog.actions, catalog.figures)
             for entry in group for c in entry.citations]
    assert cited
    assert [c for c in cited if kb.get(c) is None] == []


def test_every_market_figure_appears_verbatim_in_its_source(catalog: Catalog, seeds: Path) -> None:
    files = {s.id: (seeds / s.file).read_text(encoding="utf-8") for s in catalog.sources}
    for figure in catalog.figures:
        assert figure.value in files[figure.source], f"{figure.id}: {figure.value!r} not in {figure.source}"
    values = {f.value for f in catalog.figures}
    for expected in ("$187,500", "$550,000", "89%", "57.7%", "72%", "$375,000", "1.7 million", "$5,900"):
        assert expected in values, f"market figure {expected} missing"


def test_passages_are_written_in_the_projects_own_words(catalog: Catalog, seeds: Path) -> None:
    source_grams: set[tuple[str, ...]] = set()
    for source in catalog.sources:
        ws = words((seeds / source.file).read_text(encoding="utf-8"))
        source_grams |= {tuple(ws[i : i + COPY_RUN_WORDS]) for i in range(len(ws) - COPY_RUN_WORDS + 1)}
    copied = []
    for passage in catalog.passages:
        ws = words(passage.text)
        runs = [ws[i : i + COPY_RUN_WORDS] for i in range(len(ws) - COPY_RUN_WORDS + 1)]
        copied += [f"{passage.id}: {' '.join(r)}" for r in runs if tuple(r) in source_grams]
    assert copied == []


def test_a_dangling_citation_is_refused(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[3] / "knowledge" / "data"
    for f in src.rglob("*.yaml"):
        target = tmp_path / f.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.read_text())
    dyn = tmp_path / "dynamics.yaml"
    dyn.write_text(dyn.read_text().replace("p.s001.dynamic-cheaper-execution", "p.s001.no-such-passage", 1))
    with pytest.raises(CatalogError, match="no-such-passage"):
        load_catalog(tmp_path)
