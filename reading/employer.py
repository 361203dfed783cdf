"""An employer's rule on AI, read from the limits a person named: which tool it approves (if it approves only one),
whether work data (customers', clients', patients') must stay out of AI, and whether AI is banned outright for them.

"Copilot Chat is approved on the work laptop but no member data in it" is an approved tool and a work-data ban;
"no ChatGPT or any public AI for council work, Copilot is piloted in other teams" is a ban with no tool of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.profile import Profile
from reading.cues import clauses, find
from reading.fields import Pieces
from reading.rules import rule

UNNAMED_TOOL = "the AI tool your employer approves"
"""How the plan names an approved tool the person did not name ("only the built-in suggested replies thing")."""


@dataclass(frozen=True)
class EmployerAIRule:
    """What an employer allows of AI for this person."""

    approved: str | None = None
    """The one tool the employer approves for them (a canonical name, or `UNNAMED_TOOL`); None: no such rule."""
    no_work_data: bool = False
    """Customers', clients', patients' or other work data must never go into an AI tool."""
    banned: bool = False
    """AI is forbidden on their work altogether, with no approved tool of theirs."""

    @property
    def any(self) -> bool:
        return self.approved is not None or self.no_work_data or self.banned


def employer_ai_rule(profile: Profile, pieces: Pieces) -> EmployerAIRule:
    """The employer's AI rule the person's limits say, read clause by clause."""
    kinds = set(profile.constraint_kinds)
    if "employer_ai_rules" not in kinds and "privacy" not in kinds and profile.ai_at_work is not False:
        return EmployerAIRule()
    work = ". ".join([profile.current_role or "", *profile.main_tasks, *profile.skills])
    approved: str | None = None
    banned = False
    no_data = "privacy" in kinds
    for said in profile.constraints:
        for clause in clauses(said):
            if rule("ai_rule.work_data").search(clause.text):
                no_data = True
            if rule("tool.not_used").search(clause.text):
                continue  # "Copilot is piloted in other teams, not mine": approved for others, not for them
            if rule("ai_rule.approved_only").search(clause.text) and rule("ai_rule.names_ai").search(clause.text):
                named = [pieces.shared_tool(tool, f"{clause.text}. {work}")
                         for tool, meant, _ in find(pieces.tools, clause.text) if meant == "yes"]
                approved = approved or (named[0] if named else UNNAMED_TOOL)
            elif rule("ai_at_work.forbidden").search(clause.text) and rule("limit.employer_ai").search(clause.text):
                banned = True
    return EmployerAIRule(approved=approved, no_work_data=no_data,
                          banned=approved is None and (banned or profile.ai_at_work is False))
