"""The assessor's knowledge engine: deterministic extraction and assessment from the catalog."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from agents.assessor.matching import RoleMatcher
from agents.assessor.parsing import (
    DONE,
    NON_ANSWER,
    NONE,
    SKIP,
    parse_hours_per_week,
    parse_seniority,
    parse_years,
    seniority_from_years,
)
from agents.engine import Drafted
from agents.guards import untrusted_sentences
from agents.text import split_items, words
from domain.assessment import Assessment, ExposureAssessment, RoleMatch
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from knowledge.base import KnowledgeBase
from knowledge.index import Hit, Tokenizer
from knowledge.models import DynamicId, Exposure, ProfileField, Role

LEVELS: tuple[Exposure, ...] = ("low", "medium", "high")
NONE_ALLOWED: frozenset[ProfileField] = frozenset({"ai_tools", "constraints", "concerns", "skills"})
# Work that cheaper execution absorbs first: drafting, routine checking, scheduling, first-line answers.
ROUTINE = re.compile(
    r"\b(draft|write|writing|report|email|schedul|status|document|manual|test case|regression|ticket|data entry|"
    r"summar|translat|slide|deck|faq|triage|spreadsheet|boilerplate|crud|copy|illustrat|render|transcri|meeting note)",
    re.IGNORECASE,
)
JUDGEMENT = re.compile(
    r"\b(stakeholder|accountab|strateg|negotiat|mentor|hire|hiring|budget|roadmap|architect|design|customer "
    r"relationship|trust|decision|prioriti|risk|lead)",
    re.IGNORECASE,
)
KNOWN_TOOLS = ("ChatGPT", "Copilot", "GitHub Copilot", "Cursor", "Claude", "Gemini", "Midjourney", "Stable Diffusion",
               "Perplexity", "Notion AI", "Grammarly", "DALL-E", "Firefly", "Claude Code", "Devin", "Zapier")


ENTRY_LEVEL_QUERY = "entry level hiring young workers aged 22 to 25"


def _is_junior(profile: Profile) -> bool:
    return profile.seniority in ("entry", "junior")


def _bump(level: Exposure, by: int) -> Exposure:
    return LEVELS[max(0, min(len(LEVELS) - 1, LEVELS.index(level) + by))]


class KnowledgeAssessor:
    """Interview extraction and assessment, driven by the catalog. No model, no network."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = RoleMatcher(kb)
        self._tokenize = Tokenizer()

    # -- extraction ---------------------------------------------------------------------------------------

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        text = answer.strip()
        if DONE.match(text):
            return Drafted(Extraction(answered=False, done=True))
        if SKIP.match(text):
            return Drafted(Extraction(answered=False, skip=True, updates=Profile(skipped=[asked.field])))
        if NONE.match(text) and asked.field in NONE_ALLOWED:
            return Drafted(Extraction(answered=True, updates=Profile(declared_none=[asked.field])))
        if not text or NON_ANSWER.match(text) or len(words(text)) == 0:
            return Drafted(Extraction(answered=False, note="I didn't catch an answer there."))
        reader = self._readers.get(asked.field)
        updates, note = reader(text) if reader else (None, "unknown field")
        if updates is None:
            return Drafted(Extraction(answered=False, note=note))
        return Drafted(Extraction(answered=True, updates=updates))

    @cached_property
    def _readers(self) -> dict[ProfileField, Callable[[str], tuple[Profile | None, str | None]]]:
        return {
            "current_role": self._read_role,
            "years_experience": self._read_years,
            "seniority": self._read_seniority,
            "skills": lambda t: self._read_list(t, "skills"),
            "ai_tools": self._read_tools,
            "main_tasks": lambda t: self._read_list(t, "main_tasks"),
            "goals": self._read_goals,
            "hours_per_week": self._read_hours,
            "constraints": lambda t: self._read_list(t, "constraints"),
            "concerns": lambda t: self._read_list(t, "concerns"),
        }

    def _read_role(self, text: str) -> tuple[Profile | None, str | None]:
        if len(words(text)) > 60:
            text = text[:400]
        matches = self.matcher.by_synonym(text)
        matched = matches[0][0] if matches else None
        if matched is None and (hits := self.matcher.match(text, 1)):
            matched = hits[0].role_id
        years = parse_years(text)
        seniority = parse_seniority(text) or (seniority_from_years(years) if years is not None else None)
        updates = Profile(current_role=text[:400], matched_role=matched, years_experience=years, seniority=seniority)
        return updates, None

    def _read_years(self, text: str) -> tuple[Profile | None, str | None]:
        years = parse_years(text)
        if years is None:
            return None, "I couldn't find a number of years in that."
        return Profile(years_experience=years), None

    def _read_seniority(self, text: str) -> tuple[Profile | None, str | None]:
        level = parse_seniority(text)
        if level is None and (years := parse_years(text)) is not None:
            level = seniority_from_years(years)
        if level is None:
            return None, "I couldn't place that on a career ladder."
        return Profile(seniority=level), None

    def _read_hours(self, text: str) -> tuple[Profile | None, str | None]:
        hours = parse_hours_per_week(text)
        if hours is None:
            return None, "I need a rough number of hours per week."
        return Profile(hours_per_week=hours), None

    def _read_list(self, text: str, field: ProfileField) -> tuple[Profile | None, str | None]:
        items = split_items(text)
        if not items:
            return None, "I couldn't pick out any items in that."
        return Profile.model_validate({field: items}), None

    def _read_tools(self, text: str) -> tuple[Profile | None, str | None]:
        lowered = text.lower()
        named = [t for t in KNOWN_TOOLS if re.search(rf"\b{re.escape(t.lower())}\b", lowered)]
        rest = [i for i in split_items(text) if not any(t.lower() in i.lower() for t in named)]
        items = list(dict.fromkeys([*named, *rest]))
        if not items:
            return None, "I couldn't pick out any tools in that."
        return Profile(ai_tools=items[:12]), None

    def _read_goals(self, text: str) -> tuple[Profile | None, str | None]:
        goals = [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n", text) if len(words(s)) >= 1][:5]
        targets = [rid for rid, _ in self.matcher.by_synonym(text)]
        return Profile(goals=[g[:200] for g in goals], target_role=targets[0] if targets else None), None

    # -- assessment ---------------------------------------------------------------------------------------

    def _role(self, role_id: str | None) -> Role | None:
        return self.matcher.roles.get(role_id or "")

    def _role_matches(self, profile: Profile) -> list[RoleMatch]:
        matches: list[RoleMatch] = []
        if role := self._role(profile.matched_role):
            matches.append(RoleMatch(role_id=role.id, name=role.name, confidence=0.9,
                                     reason=f"Your role, as you described it, is a {role.name} role."))
        context = " ".join([profile.current_role or "", *profile.main_tasks, *profile.skills])
        for m in self.matcher.match(context, 3) if context.strip() else []:
            if all(x.role_id != m.role_id for x in matches):
                matches.append(m.model_copy(update={"confidence": min(m.confidence, 0.75)}))
        if (target := self._role(profile.target_role)) and all(x.role_id != target.id for x in matches):
            matches.append(RoleMatch(role_id=target.id, name=target.name, confidence=0.5,
                                     reason=f"Your goals point toward {target.name}."))
        return matches[:4] or [RoleMatch(role_id="role.software-engineer", name="Software engineering",
                                         confidence=0.1, reason="No role could be matched; a general default.")]

    def _exposure(self, role: Role, profile: Profile, entry_figure: Hit | None) -> list[ExposureAssessment]:
        tasks = profile.main_tasks
        routine = [t for t in tasks if ROUTINE.search(t) and not untrusted_sentences(Profile(main_tasks=[t]))]
        judgement = [t for t in tasks if JUDGEMENT.search(t)]
        result: list[ExposureAssessment] = []
        for dyn in self.kb.catalog.dynamics:
            key: DynamicId = dyn.key
            level = role.exposure[key]
            notes: list[str] = [f"For {role.name}, the catalog rates this {level}."]
            citations = [dyn.citations[0], role.citations[0]]
            if key == "cheaper-execution":
                if routine and len(routine) * 2 >= max(len(tasks), 1):
                    level = _bump(level, 1)
                    notes.append(f"Much of your week is routine work AI now drafts quickly (e.g. {routine[0]}).")
                elif judgement and len(judgement) * 2 > len(tasks):
                    level = _bump(level, -1)
                    notes.append("Most of the tasks you listed rest on judgement and accountability.")
                if _is_junior(profile):
                    level = _bump(level, 1)
                    notes.append("Entry-level work is where automation bites first.")
                    citations += [entry_figure.id] if entry_figure else []
            elif key == "quality-security" and profile.ai_tools:
                notes.append("You already use AI tools, so you see its failure modes first-hand.")
            summary = dyn.summary.split(". ")[0].rstrip(".")
            rationale = f"{dyn.name}: {summary}. {' '.join(notes)}"
            result.append(ExposureAssessment(dynamic=key, level=level, rationale=rationale[:1200],
                                             citations=list(dict.fromkeys(citations))))
        return result

    def _entry_level_figure(self, profile: Profile) -> Hit | None:
        """The market figure on entry-level hiring, for people early in their careers."""
        if not _is_junior(profile):
            return None
        hits = self.kb.search(ENTRY_LEVEL_QUERY, 1, kinds=["figure"])
        return hits[0] if hits else None

    def _overlaps(self, a: str, b: str) -> bool:
        return bool(set(self._tokenize(a)) & set(self._tokenize(b)))

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        matches = self._role_matches(profile)
        role = self._role(matches[0].role_id)
        assert role is not None, "role matches only name catalog roles"
        personal = " ".join([*profile.skills, *profile.main_tasks])
        durable = sorted(role.durable, key=lambda d: not self._overlaps(d, personal))  # stable: theirs first
        strengths = [f"{s} (you listed it)" for s in profile.skills if self._overlaps(s, " ".join(role.skills))]
        gaps = [f"{skill.replace('-', ' ')}: not among the skills you listed" for skill in role.skills
                if not self._overlaps(skill.replace("-", " "), " ".join([*profile.skills, *profile.ai_tools]))]
        citations = list(dict.fromkeys([role.id, *role.citations[:2]]))
        summary = [f"Outlook for {role.name}: {role.outlook}. {role.outlook_note}"]
        entry_figure = self._entry_level_figure(profile)
        if entry_figure is not None:
            summary.append(f"Market context: {entry_figure.text}")
            citations.append(entry_figure.id)
        if (target := self._role(profile.target_role)) and target.id != role.id:
            summary.append(f"Your goal points toward {target.name}, whose outlook is {target.outlook}.")
            citations.append(target.id)
        if feedback:
            summary.append("This version takes your reviewer's feedback into account.")
        quotable = [c for c in profile.concerns if not re.search(r"\d", c)]
        if quotable and not untrusted_sentences(Profile(concerns=quotable)):
            summary.append(f"You worry about: {'; '.join(quotable[:2])}. The plan addresses this directly.")
        assessment = Assessment(
            role_matches=matches,
            exposure=self._exposure(role, profile, entry_figure),
            durable_strengths=[*strengths[:3], *durable][:6],
            gaps=gaps[:6],
            risk_summary=" ".join(summary)[:1200],
            citations=citations[:12],
        )
        return Drafted(assessment)

