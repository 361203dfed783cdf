"""A scripted LLM for the coaching graph: answers by requested schema, as a fake model or behind the HTTP stub."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import BaseMessage

FIELD_UPDATES: dict[str, dict[str, Any]] = {
    "current_role": {"current_role": "Manual QA tester"},
    "situation": {"situation": "employed"},
    "main_tasks": {"main_tasks": ["regression testing", "bug tickets"]},
    "hours_per_week": {"hours_per_week": 5},
    "goals": {"goals": ["test AI features"]},
    "skills": {"skills": ["SQL", "exploratory testing"]},
    "ai_tools": {"ai_tools": ["ChatGPT"]},
    "concerns": {"concerns": ["automation"]},
    "constraints": {"constraints": ["evenings only"]},
    "years_experience": {"years_experience": 6},
    "seniority": {"seniority": "mid"},
}


def _action(title: str, citations: list[str], why: str = "Always-on quality checks for AI features.") -> dict[str, Any]:
    return {"title": title, "why": why, "steps": ["Pick one AI feature", "Score outputs daily"],
            "hours_per_week": 2, "duration_weeks": 4, "success_metric": "A weekly quality report exists",
            "citations": citations}


def _plan(bad: bool) -> dict[str, Any]:
    qa = ["p.s001.role-qa-ai-quality", "p.s000.qa-transformation"]
    first = _action("Automate regression triage with AI", ["p.s999.invented"] if bad else qa,
                    "You are guaranteed to keep your job." if bad else "QA shifts to always-on quality in production.")
    return {"summary": "A plan for a QA tester.", "stages": [
        {"stage": "survive", "goal": "Free up time", "horizon_weeks": 4,
         "actions": [first, {**_action("Draft test cases with AI for quality work", qa),
                             "addresses": ["your worry about being replaced or automated away"]}]},
        {"stage": "adapt", "goal": "Add evaluation skills", "horizon_weeks": 8,
         "actions": [_action("Build an evaluation harness for AI quality", qa),
                     _action("Publish a QA portfolio project on AI quality", qa)]},
        {"stage": "lead", "goal": "Own AI quality", "horizon_weeks": 12,
         "actions": [_action("Write the team's AI quality standard", qa),
                     _action("Run always-on quality reviews for AI features", qa)]},
    ]}


ASSESSMENT = {
    "role_matches": [{"role_id": "role.qa-ai-quality", "name": "QA", "confidence": 0.9, "reason": "QA tester"}],
    "exposure": [{"dynamic": d, "level": "medium", "rationale": "Relevant to QA work.",
                  "citations": ["p.s001.role-qa-ai-quality"]}
                 for d in ("cheaper-execution", "quality-security", "compute-costs", "human-ai-boundary")],
    "durable_strengths": ["judgement about quality"], "gaps": ["evaluation tooling"],
    "risk_summary": "QA work is shifting toward production quality.", "citations": ["role.qa-ai-quality"],
}


class Script:
    def __init__(self, malformed_first_assessment: bool = True) -> None:
        self.plans = 0
        self.malformed = malformed_first_assessment

    def __call__(self, schema: str, messages: list[BaseMessage]) -> str | dict[str, Any]:
        last = str(messages[-1].content)
        if schema == "ModelReading":
            if "<person>done</person>" in last:
                return {"answered": False, "done": True}
            field = re.search(r"fills the profile field '(\w+)'", last)
            return {"answered": True, "updates": FIELD_UPDATES[field.group(1) if field else "skills"]}
        if schema == "Assessment":
            if self.malformed:
                self.malformed = False
                return '{"role_matches": [ this is not json'
            return ASSESSMENT
        if schema == "Plan":
            self.plans += 1
            return _plan(bad=self.plans == 1)
        if schema == "Critique":
            return {"issues": []}
        raise AssertionError(f"unexpected schema {schema!r}")
