"""The assessor's LLM engine: the same schemas as the knowledge engine, filled by a chat model."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.assessor.matching import RoleMatcher
from agents.assessor.prompts import ASSESS_SYSTEM, ASSESS_USER, EXTRACT_SYSTEM, EXTRACT_USER
from agents.engine import Drafted
from agents.llm import call_structured, entries_block
from domain.assessment import Assessment
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from knowledge.base import KnowledgeBase
from knowledge.retriever import retrieve

ENTRIES_K = 6


class LLMAssessor:
    def __init__(self, kb: KnowledgeBase, model: BaseChatModel) -> None:
        self.kb = kb
        self.model = model
        self.matcher = RoleMatcher(kb)

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        messages = [
            SystemMessage(EXTRACT_SYSTEM),
            HumanMessage(EXTRACT_USER.format(field=asked.field, question=asked.text,
                                             profile=profile.model_dump_json(exclude_defaults=True), answer=answer)),
        ]
        drafted = call_structured(self.model, Extraction, messages, name="assessor.extract")
        # The person sees the re-ask note, so it is ours, not the model's.
        note = None if drafted.value.answered else "I didn't catch an answer to that."
        updates = drafted.value.updates
        # Role ids come from the catalog's synonyms, never from the model's say-so.
        if updates.current_role:
            hits = self.matcher.match(updates.current_role, 1)
            updates = updates.model_copy(update={"matched_role": hits[0].role_id if hits else None})
        if updates.goals:
            found = self.matcher.by_synonym(" ".join(updates.goals))
            updates = updates.model_copy(update={"target_role": found[0][0] if found else None})
        return Drafted(drafted.value.model_copy(update={"updates": updates, "note": note}), drafted.tokens)

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        query = " ".join([profile.current_role or "", *profile.main_tasks, *profile.goals])
        ids = [profile.matched_role or "", *(d.id for d in self.kb.catalog.dynamics)]
        ids += [h.id for h in retrieve(self.kb, query, ENTRIES_K)]
        messages = [
            SystemMessage(ASSESS_SYSTEM),
            HumanMessage(ASSESS_USER.format(profile=profile.model_dump_json(exclude_defaults=True),
                                            feedback=feedback or "", entries=entries_block(self.kb, ids))),
        ]
        offered = [i for i in dict.fromkeys(ids) if i in self.kb]
        roles = [r.id for r in self.kb.catalog.roles]
        return call_structured(self.model, Assessment, messages, name="assessor.assess",
                               choices={"citations": offered, "role_id": roles})
