"""The reviewer's LLM critique. The deterministic guards run in every engine; this only adds to them."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from agents.engine import Drafted
from agents.llm import call_structured
from agents.reviewer.prompts import CRITIQUE_SYSTEM, CRITIQUE_USER
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Critique


class LLMCritic:
    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def critique(self, plan: Plan, profile: Profile) -> Drafted[Critique]:
        messages = [
            SystemMessage(CRITIQUE_SYSTEM),
            HumanMessage(CRITIQUE_USER.format(profile=profile.model_dump_json(exclude_defaults=True),
                                              plan=plan.model_dump_json())),
        ]
        drafted = call_structured(self.model, Critique, messages, name="reviewer.critique")
        issues = [i.model_copy(update={"check": "critique"}) for i in drafted.value.issues]
        return Drafted(Critique(issues=issues), drafted.tokens)

