"""The assessor's LLM engine: the same schemas and extraction contract as the knowledge engine, filled by a chat
model and then held to the same reading: catalog role ids, kinds of limits and worries, negated tools and personal
data are settled by the catalog's vocabulary, never by the model's say-so. What the rules read of an answer is the
floor: the model's reading only fills what they left open (`agents.assessor.floor`)."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import ValidationError

from agents.assessor.assessing import AssessmentWriter
from agents.assessor.floor import floored, settled
from agents.assessor.matching import RoleMatcher
from agents.assessor.prompts import ASSESS_SYSTEM, ASSESS_USER, EXTRACT_SYSTEM, EXTRACT_USER
from agents.engine import Drafted
from agents.llm import call_structured, entries_block
from domain.assessment import Assessment
from domain.failures import ModelOutputError
from domain.interview import AskedQuestion
from domain.profile import Extraction, ModelReading, Profile
from knowledge.base import KnowledgeBase
from knowledge.retriever import retrieve
from reading.answers import reader_for
from reading.privacy import strip_personal

ENTRIES_K = 6


class LLMAssessor:
    def __init__(self, kb: KnowledgeBase, model: BaseChatModel) -> None:
        self.kb = kb
        self.model = model
        self.matcher = RoleMatcher(kb)
        self.reader = reader_for(kb)
        self.writer = AssessmentWriter(kb, self.matcher)

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        """The rules' reading of the answer, with what the model read beside it (`floored`): the model adds, it never
        takes away. Where the rules settled the answer (a stop, a decline, a non-answer) the model is not asked; where
        its reply is not a usable reading, the rules' reading stands alone, and the extraction says so."""
        reading = self.reader.read(asked, answer, profile)
        if settled(reading):
            return Drafted(reading.model_copy(update={"model": "not_asked"}))
        messages = [
            SystemMessage(EXTRACT_SYSTEM),
            HumanMessage(EXTRACT_USER.format(field=asked.field, question=asked.text,
                                             profile=profile.model_dump_json(exclude_defaults=True),
                                             answer=strip_personal(answer))),
        ]
        try:
            drafted = call_structured(self.model, ModelReading, messages, name="assessor.extract")
            read = self._settled(drafted.value.updates, answer)
        except (ModelOutputError, ValidationError):
            return Drafted(reading.model_copy(update={"model": "unusable"}))
        floor = floored(reading, read, profile, asked.field, strip_personal(answer), answered=drafted.value.answered)
        return Drafted(floor, drafted.tokens)

    def _settled(self, updates: Profile, answer: str) -> Profile:
        """The model's updates, with what the catalog decides put right and personal data removed."""
        data: dict[str, Any] = {name: (strip_personal(v) or None) if isinstance(v, str) else
                [s for s in (strip_personal(i) for i in v) if s] if isinstance(v, list) and name not in
                ("constraint_kinds", "concern_kinds", "skipped", "declared_none") else v
                for name, v in updates.model_dump(exclude_unset=True).items()}
        refused = set(self.reader.tools_in(strip_personal(answer)).ai_tools_avoided)
        data["ai_tools"] = [t for t in data.get("ai_tools", []) if t not in refused]
        data["ai_tools_avoided"] = list(dict.fromkeys([*data.get("ai_tools_avoided", []), *refused]))
        data["constraint_kinds"] = self.reader.constraint_kinds_in(" ; ".join(data.get("constraints", [])))
        data["concern_kinds"] = self.reader.concern_kinds_in(" ; ".join(data.get("concerns", [])))
        if data.get("current_role"):
            titles = self.matcher.titles_in(data["current_role"])
            data["matched_role"] = titles[0][0] if titles else None
            data["domain"] = self.matcher.domain_of(data["current_role"])
        if data.get("goals"):
            found = self.matcher.titles_in(" ".join(data["goals"]))
            data["target_role"] = found[0][0] if found else None
        return Profile.model_validate(data)

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        query = " ".join([profile.current_role or "", *profile.main_tasks, *profile.goals])
        matches, _ = self.writer.matches(profile, feedback)
        ids = [m.role_id for m in matches] + [d.id for d in self.kb.catalog.dynamics]
        ids += [h.id for h in retrieve(self.kb, query, ENTRIES_K)]
        messages = [
            SystemMessage(ASSESS_SYSTEM),
            HumanMessage(ASSESS_USER.format(profile=profile.model_dump_json(exclude_defaults=True),
                                            feedback=feedback or "", entries=entries_block(self.kb, ids))),
        ]
        offered = [i for i in dict.fromkeys(ids) if i in self.kb]
        roles = [r.id for r in self.kb.catalog.roles]
        return call_structured(self.model, Assessment, messages, name="assessor.assess",
                               choices={"citations": offered, "role_id": roles, "applies": offered})
