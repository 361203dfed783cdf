"""An employer may approve a tool that is also public (ChatGPT): a step naming it keeps the rule, and a step naming
another public tool still breaks it."""

from __future__ import annotations

from agents.ai_rules import ai_rule_broken
from reading.employer import EmployerAIRule

RULE = EmployerAIRule(approved="ChatGPT")


def test_a_step_naming_the_approved_public_tool_keeps_the_rule() -> None:
    steps = ["Ask ChatGPT (the AI tool your employer approves) for a first version of each caption."]
    assert ai_rule_broken(RULE, "Let AI take the first pass at captions", steps) == []


def test_another_public_tool_still_breaks_it() -> None:
    steps = ["Ask ChatGPT for a first version, then paste it into Gemini to compare."]
    assert ai_rule_broken(RULE, "Let AI take the first pass at captions", steps)
