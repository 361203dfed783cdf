"""The planner's LLM engine: candidate actions come from the knowledge engine's choice; the model writes; the same
fitting (hours, weeks, time words) and the same feedback contract apply to what it writes."""

from __future__ import annotations

import json

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.engine import Drafted
from agents.llm import call_structured, entries_block
from agents.planner.fitting import refit
from agents.planner.knowledge_engine import KnowledgePlanner, plan_budget
from agents.planner.prompts import PLAN_SYSTEM, PLAN_USER
from domain.assessment import Assessment
from domain.feedback import Adjustments
from domain.plan import Plan
from domain.profile import Profile
from domain.review import ReviewIssue
from knowledge.base import KnowledgeBase

PLAN_STRING_CHARS = 140
PLAN_ITEMS = 2


class LLMPlanner:
    def __init__(self, kb: KnowledgeBase, model: BaseChatModel) -> None:
        self.kb = kb
        self.model = model
        self._catalog_planner = KnowledgePlanner(kb)

    def draft(
        self,
        profile: Profile,
        assessment: Assessment,
        *,
        feedback: str | None = None,
        issues: list[ReviewIssue] | None = None,
        previous: Plan | None = None,
        adjustments: Adjustments | None = None,
    ) -> Drafted[Plan]:
        adjustments = adjustments or Adjustments()
        # The knowledge engine's own draft names the best-fitting catalog actions; the model gets them as
        # candidates (with their sources) and writes the plan in its own way.
        skeleton = self._catalog_planner.draft(profile, assessment, feedback=feedback, issues=issues,
                                               previous=previous, adjustments=adjustments).value
        ids = [action.catalog_id or action.citations[0] for stage in skeleton.stages for action in stage.actions]
        budget = plan_budget(profile, adjustments)
        messages = [
            SystemMessage(PLAN_SYSTEM.format(hours=budget)),
            HumanMessage(PLAN_USER.format(
                profile=profile.model_dump_json(exclude_defaults=True),
                assessment=assessment.model_dump_json(exclude_defaults=True),
                adjustments=adjustments.model_dump_json(exclude_defaults=True),
                issues=json.dumps([i.model_dump() for i in issues or []]),
                feedback=feedback or "",
                entries=entries_block(self.kb, ids),
            )),
        ]
        # Six actions of short strings: the whole plan fits well inside a small model's context.
        cited = list(dict.fromkeys(ids + [c for s in skeleton.stages for a in s.actions for c in a.citations]))
        drafted = call_structured(self.model, Plan, messages, name="planner.draft", max_string=PLAN_STRING_CHARS,
                                  max_items=PLAN_ITEMS, choices={"citations": cited, "catalog_id": ids})
        fitted = refit(drafted.value, budget, sooner=adjustments.pace == "sooner")
        return Drafted(fitted.model_copy(update={"tentative": assessment.tentative}), drafted.tokens)
