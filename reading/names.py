"""Job titles and lines of work named in people's words: catalog role titles ('QA engineer', 'electrician') and the
domains the role catalog lacks ('nurse', 'teacher'), as the person says them of themselves, never negated."""

from __future__ import annotations

from functools import cached_property

from knowledge.base import KnowledgeBase
from reading.cues import PhraseSet, affirmed, find


class RoleNames:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def _titles(self) -> PhraseSet[tuple[str, str]]:
        roles = self.kb.catalog.roles
        return PhraseSet({(r.id, title.lower()): [title] for r in roles for title in (r.name, *r.synonyms)})

    @cached_property
    def _domains(self) -> PhraseSet[str]:
        return PhraseSet({name: d.cues for name, d in self.kb.catalog.vocabulary.domains.items()})

    def titles_in(self, text: str) -> list[tuple[str, str]]:
        """(role id, title) for every catalog title named in `text` and not negated, longest first per place."""
        found = affirmed(self._titles, text)
        return list({role_id: (role_id, title) for role_id, title in found}.values())

    def denied(self, text: str) -> list[str]:
        """Role ids whose titles the person says are not theirs ("I'm a copywriter, not an illustrator")."""
        return list(dict.fromkeys(key[0] for key, meant, _ in find(self._titles, text) if meant != "yes"))

    def domain_of(self, text: str) -> str | None:
        """A line of work the catalog has no role for, if `text` names one."""
        found = affirmed(self._domains, text)
        return found[0] if found else None
