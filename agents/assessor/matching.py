"""Matching a person's words to catalog roles: synonyms first, then lexical search."""

from __future__ import annotations

from functools import cache, cached_property

import Stemmer

from agents.text import normalized, words
from domain.assessment import RoleMatch
from knowledge.base import KnowledgeBase
from knowledge.models import Role

SYNONYM_CONFIDENCE = 0.9
SEARCH_CONFIDENCE_CAP = 0.6


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _stemmed(text: str) -> str:
    """Words reduced to their stems, so 'testers', 'engineering' and 'engineer' compare equal."""
    return " ".join(_stemmer().stemWords(words(text)))


class RoleMatcher:
    """Finds catalog roles in free text ('I'm a manual tester' -> role.qa-ai-quality)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.kb.catalog.roles}

    @cached_property
    def _phrases(self) -> list[tuple[str, str]]:
        """(normalised phrase, role id), longest phrase first so 'qa lead' wins over 'lead'."""
        pairs = {(normalized(_stemmed(p)), r.id) for r in self.kb.catalog.roles for p in (r.name, *r.synonyms)}
        return sorted(pairs, key=lambda p: (-len(p[0]), p[1]))

    def by_synonym(self, text: str) -> list[tuple[str, str]]:
        """(role id, matched phrase) for every role named in `text`, in order of phrase length."""
        haystack = normalized(_stemmed(text))
        found: dict[str, str] = {}
        for phrase, role_id in self._phrases:
            if phrase.strip() and phrase in haystack and role_id not in found:
                found[role_id] = phrase.strip()
                haystack = haystack.replace(phrase, " ")
        return list(found.items())

    def match(self, text: str, k: int = 3) -> list[RoleMatch]:
        """Best roles for `text`: synonym hits (confident), then BM25 hits over role entries."""
        matches: list[RoleMatch] = []
        for role_id, phrase in self.by_synonym(text):
            role = self.roles[role_id]
            matches.append(RoleMatch(role_id=role_id, name=role.name, confidence=SYNONYM_CONFIDENCE,
                                     reason=f"You described your work as '{phrase}', a {role.name} title."))
        if len(matches) < k:
            hits = self.kb.search(text, k, kinds=["role"])
            top = hits[0].score if hits else 1.0
            for hit in hits:
                if any(m.role_id == hit.id for m in matches):
                    continue
                confidence = round(SEARCH_CONFIDENCE_CAP * hit.score / top, 2)
                matches.append(RoleMatch(role_id=hit.id, name=hit.title, confidence=max(confidence, 0.05),
                                         reason=f"Your answers share vocabulary with the {hit.title} entry."))
        return matches[:k]
