"""Engines from settings: the knowledge engine by default, the LLM engine when `engine == 'llm'`.

The one module that imports every agent's engines; graphs and the session service call it, never an agent. The LLM
engine (and the chat model's client, tokenizer and all) is imported only when it is chosen: a process on the
knowledge engine does not carry it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.deps import AgentDeps
from agents.guards import Guards
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.reviewer.knowledge_engine import NoCritic
from knowledge.base import KnowledgeBase
from settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def build_deps(settings: Settings, kb: KnowledgeBase, model: BaseChatModel | None = None) -> AgentDeps:
    """The engines `settings` chooses, on `kb`; `model` replaces the chat model built from settings (tests)."""
    guards = Guards(kb)
    if settings.engine == "knowledge":
        return AgentDeps(kb=kb, assessor=KnowledgeAssessor(kb), planner=KnowledgePlanner(kb), critic=NoCritic(),
                         guards=guards, limits=settings.limits, engine="knowledge")
    from agents.assessor.llm_engine import LLMAssessor
    from agents.models import load_chat_model
    from agents.planner.llm_engine import LLMPlanner
    from agents.reviewer.llm_engine import LLMCritic

    chat = model or load_chat_model(settings)
    return AgentDeps(kb=kb, assessor=LLMAssessor(kb, chat), planner=LLMPlanner(kb, chat), critic=LLMCritic(chat),
                     guards=guards, limits=settings.limits, engine="llm", fallback_assessor=KnowledgeAssessor(kb),
                     fallback_planner=KnowledgePlanner(kb))
