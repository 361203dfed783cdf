"""Load and validate the shipped catalog from YAML."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from knowledge.models import (
    Action,
    Audience,
    Catalog,
    Dynamic,
    Figure,
    Passage,
    Question,
    ReadingRule,
    Role,
    Source,
    Stage,
    Vocabulary,
)

M = TypeVar("M", bound=BaseModel)


class CatalogError(ValueError):
    """The shipped knowledge base is inconsistent (duplicate ids, dangling citations...)."""


def default_data_dir() -> Path:
    return Path(str(files("knowledge") / "data"))


def _read_list(path: Path, model: type[M]) -> list[M]:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise CatalogError(f"{path.name}: expected a list of entries")
    try:
        return [model.model_validate(entry) for entry in raw]
    except ValueError as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc


def _read_mapping(path: Path, model: type[M]) -> M:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return model.model_validate(raw)
    except ValueError as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc


def _check(catalog: Catalog) -> None:
    ids = [e.id for group in (catalog.passages, catalog.dynamics, catalog.roles, catalog.stages,
                              catalog.actions, catalog.figures, catalog.questions) for e in group]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    if dupes:
        raise CatalogError(f"duplicate ids: {sorted(dupes)}")
    known, sources = set(ids), {s.id for s in catalog.sources}
    role_ids = {r.id for r in catalog.roles}
    cited: list[Dynamic | Role | Stage | Action | Figure] = [
        *catalog.dynamics, *catalog.roles, *catalog.stages, *catalog.actions, *catalog.figures
    ]
    for entry in cited:
        missing = [c for c in entry.citations if c not in known]
        if missing:
            raise CatalogError(f"{entry.id}: citations that resolve to nothing: {missing}")
    for passage in catalog.passages:
        if passage.source not in sources:
            raise CatalogError(f"{passage.id}: unknown source {passage.source!r}")
    for figure in catalog.figures:
        if figure.source not in sources:
            raise CatalogError(f"{figure.id}: unknown source {figure.source!r}")
    for action in catalog.actions:
        if unknown := set(action.roles) - role_ids:
            raise CatalogError(f"{action.id}: unknown roles {sorted(unknown)}")
    audiences = {a.id for a in catalog.audiences}
    for figure in catalog.figures:
        if unknown := set(figure.about) - audiences:
            raise CatalogError(f"{figure.id}: unknown audiences {sorted(unknown)}")
        if figure.country is not None and figure.country not in catalog.vocabulary.countries:
            raise CatalogError(f"{figure.id}: unknown country {figure.country!r}")
    for audience in catalog.audiences:
        if unknown := set(audience.roles) - role_ids:
            raise CatalogError(f"audience {audience.id}: unknown roles {sorted(unknown)}")
    for name, domain in catalog.vocabulary.domains.items():
        if missing := [c for c in domain.applies if c not in known]:
            raise CatalogError(f"vocabulary domain {name}: ids that resolve to nothing: {missing}")
        if unknown := set(domain.nearest) - role_ids:
            raise CatalogError(f"vocabulary domain {name}: unknown nearest roles {sorted(unknown)}")
    if unknown := set(catalog.vocabulary.coding_roles) - role_ids:
        raise CatalogError(f"vocabulary coding_roles: unknown roles {sorted(unknown)}")


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Read every YAML file of the catalog, validate it and check that every citation resolves."""
    root = data_dir or default_data_dir()
    catalog = Catalog(
        sources=tuple(_read_list(root / "sources.yaml", Source)),
        dynamics=tuple(_read_list(root / "dynamics.yaml", Dynamic)),
        roles=tuple(_read_list(root / "roles.yaml", Role)),
        stages=tuple(_read_list(root / "stages.yaml", Stage)),
        actions=tuple(_read_list(root / "actions.yaml", Action)),
        figures=tuple(_read_list(root / "figures.yaml", Figure)),
        questions=tuple(_read_list(root / "questions.yaml", Question)),
        passages=tuple(p for f in sorted((root / "passages").glob("*.yaml")) for p in _read_list(f, Passage)),
        vocabulary=_read_mapping(root / "vocabulary.yaml", Vocabulary),
        audiences=tuple(_read_list(root / "audiences.yaml", Audience)),
    )
    _check(catalog)
    return catalog


@cache
def shipped_catalog() -> Catalog:
    """The catalog shipped with the package, loaded once per process on first use."""
    return load_catalog()


def load_reading_rules(data_dir: Path | None = None, *, name: str = "reading.yaml") -> tuple[ReadingRule, ...]:
    """Named rules (`reading.yaml`: reading people's words; `claims.yaml`: the product's own claims), each name
    once, every pattern compiling."""
    rules = tuple(_read_list((data_dir or default_data_dir()) / name, ReadingRule))
    if dupes := [n for n, count in Counter(r.name for r in rules).items() if count > 1]:
        raise CatalogError(f"{name}: duplicate rule names: {sorted(dupes)}")
    for rule in rules:
        for pattern in rule.any:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise CatalogError(f"{name}: rule {rule.name}: {exc}") from exc
    return rules


@cache
def shipped_reading_rules() -> tuple[ReadingRule, ...]:
    """The reading and claim rules shipped with the package, loaded once per process on first use."""
    return load_reading_rules() + load_reading_rules(name="claims.yaml")
