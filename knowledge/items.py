"""A flat, searchable view of every knowledge entry: catalog entries, passages and user passages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.models import Action, Catalog, Dynamic, Figure, Passage, Question, Role, Stage

ItemKind = Literal["passage", "dynamic", "role", "stage", "action", "figure", "question", "user"]
ITEM_KINDS: tuple[ItemKind, ...] = ("passage", "dynamic", "role", "stage", "action", "figure", "question", "user")


class Entry(BaseModel):
    """A knowledge entry's id, provenance and text: what an item and a search hit share."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id; every citation is one of these (GET /v1/knowledge/items/{id} "
                                "resolves it).")
    kind: ItemKind = Field(description="What kind of entry it is.")
    source_id: str = Field(description="Source document id ('s000'..'s004'; 'user:<doc>' for a shared document, "
                                       "'private:<doc>' for one of the caller's own).")
    title: str = Field(description="The entry's title.")
    locator: str = Field(description="Section name or transcript timestamp in the source.")
    text: str = Field(description="The entry's content, in the project's words.")


class KnowledgeItem(Entry):
    """One citable entry, with its provenance, as retrieval and the API see it."""

    roles: tuple[str, ...] = Field(default=(), description="Role ids the entry concerns.")
    search_text: str = Field(default="", exclude=True, description="What the lexical index sees.")


def _join(*parts: str | Iterable[str]) -> str:
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else part)
    return " ".join(p for p in out if p)


def _provenance(citations: Iterable[str], passages: Mapping[str, Passage]) -> tuple[str, str]:
    for cid in citations:
        if passage := passages.get(cid):
            return passage.source, passage.locator
    return "catalog", "catalog"


def _passage(p: Passage) -> KnowledgeItem:
    roles = tuple(t for t in p.tags if t.startswith("role."))
    return KnowledgeItem(
        id=p.id, kind="passage", source_id=p.source, title=p.title, locator=p.locator, text=p.text,
        roles=roles, search_text=_join(p.title, p.text, p.tags),
    )


def _dynamic(d: Dynamic, passages: Mapping[str, Passage]) -> KnowledgeItem:
    source, locator = _provenance(d.citations, passages)
    text = _join(
        d.summary, "Creates work in:", ", ".join(d.creates_work_in) + ".", "Erodes:", ", ".join(d.threatens) + "."
    )
    return KnowledgeItem(
        id=d.id, kind="dynamic", source_id=source, title=d.name, locator=locator, text=text,
        search_text=_join(d.name, d.key.replace("-", " "), text),
    )


def _role(r: Role, passages: Mapping[str, Passage]) -> KnowledgeItem:
    source, locator = _provenance(r.citations, passages)
    exposure = ", ".join(f"{k}: {v}" for k, v in r.exposure.items())
    text = _join(
        f"Outlook: {r.outlook}. {r.outlook_note}",
        "Durable:", "; ".join(r.durable) + ".",
        "At risk:", "; ".join(r.at_risk) + ".",
        "Moves:", "; ".join(r.moves) + ".",
        f"Exposure: {exposure}.",
    )
    return KnowledgeItem(
        id=r.id, kind="role", source_id=source, title=r.name, locator=locator, text=text, roles=(r.id,),
        search_text=_join(r.name, r.synonyms, text, r.skills),
    )


def _stage(s: Stage, passages: Mapping[str, Passage]) -> KnowledgeItem:
    source, locator = _provenance(s.citations, passages)
    text = _join(s.goal, s.description)
    return KnowledgeItem(
        id=s.id, kind="stage", source_id=source, title=s.name, locator=locator, text=text,
        search_text=_join(s.name, s.key, text),
    )


def _action(a: Action, passages: Mapping[str, Passage]) -> KnowledgeItem:
    source, locator = _provenance(a.citations, passages)
    text = _join(
        a.why, "Steps:", "; ".join(a.steps) + ".",
        f"About {a.hours_per_week:g} hours a week for {a.duration_weeks} weeks.",
        f"Success: {a.success_metric}",
    )
    return KnowledgeItem(
        id=a.id, kind="action", source_id=source, title=a.title, locator=locator, text=text, roles=a.roles,
        search_text=_join(a.title, a.stage, text, a.skills),
    )


def _figure(f: Figure) -> KnowledgeItem:
    return KnowledgeItem(
        id=f.id, kind="figure", source_id=f.source, title=f.topic, locator=f.locator,
        text=f.statement,
        search_text=_join(f.topic, f.statement, f.value),
    )


def _question(q: Question) -> KnowledgeItem:
    return KnowledgeItem(
        id=q.id, kind="question", source_id="catalog", title=q.text, locator=f"interview: {q.field}",
        text=_join(q.text, q.purpose), search_text=_join(q.text, q.purpose, q.field.replace("_", " ")),
    )


def catalog_items(catalog: Catalog) -> list[KnowledgeItem]:
    """Every catalog entry and passage as a `KnowledgeItem`, in a stable order."""
    passages = {p.id: p for p in catalog.passages}
    items: list[KnowledgeItem] = [_passage(p) for p in catalog.passages]
    items += [_dynamic(d, passages) for d in catalog.dynamics]
    items += [_role(r, passages) for r in catalog.roles]
    items += [_stage(s, passages) for s in catalog.stages]
    items += [_action(a, passages) for a in catalog.actions]
    items += [_figure(f) for f in catalog.figures]
    items += [_question(q) for q in catalog.questions]
    return items
