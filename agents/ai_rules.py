"""An employer's (or clients', or course's) rule on AI tools, held against an action: the one approved tool named in
every AI step, no people's data from work in an AI tool, and AI where it is banned only as learning in the person's
own time with public or made-up material."""

from __future__ import annotations

import re

from reading.employer import UNNAMED_TOOL, EmployerAIRule
from reading.rules import rule


def names_tool(tool: str, texts: list[str]) -> bool:
    """Whether the texts name the approved tool, by its name or its last word ("Copilot Chat" for Microsoft
    Copilot); an unnamed one, as "the AI tool your employer approves"."""
    said = " ".join(texts).lower()
    if tool == UNNAMED_TOOL:
        return bool(re.search(r"\b(?:employer|company|firm|council|trust|clients?|course)(?:'s)? "
                              r"(?:approves?|approved)\b|"
                              r"\bapproved (?:ai )?tool\b", said))
    return tool.lower() in said or re.search(rf"\b{re.escape(tool.lower().split()[-1])}\b", said) is not None


def ai_rule_broken(employer: EmployerAIRule, title: str, steps: list[str]) -> list[str]:
    """What in an action's title and steps breaks the employer's AI rule: an AI step not naming the one approved
    tool (or naming a public one), an AI step on customers' data, an AI step not said as personal-time learning
    with public material where AI is banned."""
    texts = [title, *steps]
    using = [t for t in texts if rule("limit.uses_ai").search(t) and not rule("limit.ai_about").search(t)]
    if not using or not employer.any:
        return []
    found: list[str] = []
    approved = employer.approved
    if approved is not None and (not names_tool(approved, texts) or any(
            any(not names_tool(approved, [m.group(0)]) for m in rule("limit.public_ai").finditer(t))  # (ChatGPT
            or (t in steps and not names_tool(approved, [t])) for t in using)):  # is public, unless it is approved)
        found.append(f"uses an AI tool other than {approved}, the only one the person's employer approves")
    if (employer.no_work_data or employer.banned) and any(
            rule("limit.work_data").search(t) and not rule("limit.made_up").search(t) for t in using):
        found.append("puts people's data from work into an AI tool, which the person's rules forbid")
    if employer.banned and employer.approved is None and not all(
            rule("limit.personal_time").search(t) and rule("limit.made_up").search(t) for t in using if t in steps):
        found.append("uses AI where the employer bans it; an AI step must be said as learning in the person's own "
                     "time, with public or made-up material only")
    return found
