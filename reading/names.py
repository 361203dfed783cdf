"""Job titles and lines of work named in people's words: catalog role titles ('QA engineer', 'electrician') and the
domains the role catalog lacks ('nurse', 'teacher'), as the person says them of themselves, never negated."""

from __future__ import annotations

import re
from functools import cached_property

from knowledge.base import KnowledgeBase
from reading.cues import PhraseSet, affirmed, find, stems, tokens
from reading.rules import rule

SHORT_NAME_CHARS = 5
"""A role's short name this long at least: 'data' or 'ai' alone name no role."""


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

    @cached_property
    def _other_work(self) -> re.Pattern[str]:
        """The names of other work that hold a domain's cue ("tree surgeon"), each domain's `not_this`."""
        named = [re.escape(o) for d in self.kb.catalog.vocabulary.domains.values() for o in d.not_this]
        return re.compile(rf"(?i)\b(?:{'|'.join(named)})\b" if named else r"(?!)")

    @cached_property
    def _short_names(self) -> PhraseSet[tuple[str, str]]:
        """The shorter ways people name a catalog role when they rule it out ("not DevOps", "not support", "not
        software"): each part of its name and synonyms, without the one-word title that ends it ("engineer")."""
        generic = {w.lower() for w in self.kb.catalog.vocabulary.generic_titles}
        generic_stems = set(stems(tokens(" ".join(generic))))
        out: dict[tuple[str, str], list[str]] = {}
        for role in self.kb.catalog.roles:
            for title in (role.name, *role.synonyms):
                for part in re.split(r"\s*[/,]\s*|\s+(?:and|or)\s+|\s+\+\s+", title.lower()):
                    words = part.split()
                    if words and words[-1] in generic:
                        words = words[:-1]
                    short = " ".join(words)
                    if len(short) >= SHORT_NAME_CHARS and not set(stems(tokens(short))) <= generic_stems:
                        out.setdefault((role.id, short), []).append(short)
        return PhraseSet(out)

    def ruled_out_in(self, text: str) -> list[str]:
        """Role ids named in words that follow a denial ("not DevOps, not machine learning"): full titles, or the
        short names people use for a role; only for text already known to be denied."""
        found = [role_id for role_id, _ in self.titles_in(text)]
        found += [key[0] for key, _, _ in find(self._short_names, text)]
        return list(dict.fromkeys(found))

    def titles_in(self, text: str) -> list[tuple[str, str]]:
        """(role id, title) for every catalog title named in `text` and not negated, longest first per place."""
        for name in ("role.function_executive", "role.coding_not_software"):  # "social media executive", "clinical
            text = rule(name).sub(lambda m: m.group("function"), text)  # coder": the work, never the title word
        found = affirmed(self._titles, text)
        return list({role_id: (role_id, title) for role_id, title in found}.values())

    def denied(self, text: str) -> list[str]:
        """Role ids whose titles the person says are not theirs ("I'm a copywriter, not an illustrator")."""
        return list(dict.fromkeys(key[0] for key, meant, _ in find(self._titles, text) if meant != "yes"))

    def domain_of(self, text: str) -> str | None:
        """A line of work the catalog has no role for, if `text` names one (never by a cue inside the name of other
        work: a tree surgeon is no surgeon)."""
        found = affirmed(self._domains, self._other_work.sub(" ", text))
        return found[0] if found else None
