"""The planner's knowledge engine: picks, personalises and fits catalog actions to one person."""

from __future__ import annotations

import math
import re
from functools import cached_property

from agents.engine import Drafted
from agents.guards import untrusted_sentences
from agents.planner.feedback import Adjustments, read_feedback
from domain.assessment import Assessment
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.review import ReviewIssue
from knowledge.base import KnowledgeBase
from knowledge.index import Tokenizer
from knowledge.models import Action, Role, StageId
from knowledge.retriever import retrieve

DEFAULT_HOURS = 4.0
MIN_PERSONAL_OVERLAP = 2
ROOMY_BUDGET = 6.0
_ACTION_PATH = re.compile(r"^stages\[(\d+)\]\.actions\[(\d+)\]")
ROLE_BONUS: dict[StageId, tuple[float, float]] = {
    # (bonus for the person's current role, bonus for the role they are heading to)
    "survive": (3.0, 1.0),
    "adapt": (2.5, 3.0),
    "lead": (2.5, 3.0),
}


def _round_down(hours: float, step: float = 0.5) -> float:
    return max(step / 2, math.floor(hours / step) * step) if hours >= step else round(max(hours, 0.25), 2)


class KnowledgePlanner:
    """Deterministic, catalog-driven drafting: plans for different people differ in substance."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._tokenize = Tokenizer()
        self._roles = {r.id: r for r in kb.catalog.roles}
        self._stages = {s.key: s for s in kb.catalog.stages}

    @cached_property
    def _action_terms(self) -> dict[str, set[str]]:
        """Each catalog action's stemmed terms (title, why, steps, skills), computed once."""
        return {
            a.id: set(self._tokenize(f"{a.title} {a.why} {' '.join(a.steps)} {' '.join(a.skills)}"))
            for a in self.kb.catalog.actions
        }

    def _personal_texts(self, profile: Profile) -> list[str]:
        """The person's own phrases that are safe to quote: no instructions, no numbers."""
        flagged = set(untrusted_sentences(profile))
        texts = [*profile.main_tasks, *profile.goals, *profile.concerns, *profile.skills]
        return [t for t in texts if t not in flagged and not any(s in t for s in flagged) and not re.search(r"\d", t)]

    def _scores(self, profile: Profile, assessment: Assessment, adj: Adjustments) -> dict[str, float]:
        query = " ".join([*self._personal_texts(profile), *assessment.gaps, *adj.focus_terms])
        hits = retrieve(self.kb, query, len(self.kb.catalog.actions), kinds=["action"]) if query.strip() else []
        top = hits[0].score if hits else 1.0
        return {h.id: h.score / top for h in hits}

    def _candidates(
        self, stage: StageId, roles: tuple[str | None, str | None], lexical: dict[str, float], adj: Adjustments,
        excluded: set[str],
    ) -> list[tuple[float, Action]]:
        current, target = roles
        bonus_current, bonus_target = ROLE_BONUS[stage]
        excluded_terms = set(self._tokenize(" ".join(adj.exclude_terms)))
        focus_terms = set(self._tokenize(" ".join(adj.focus_terms)))
        scored: list[tuple[float, Action]] = []
        for action in self.kb.catalog.actions:
            if action.stage != stage or action.id in excluded:
                continue
            text = self._action_terms[action.id]
            if text & excluded_terms:
                continue
            score = lexical.get(action.id, 0.0)
            if current in action.roles:
                score += bonus_current
            elif target is not None and target in action.roles:
                score += bonus_target
            elif not action.roles:
                score += 1.0
            else:
                continue
            score += min(2.0, float(len(text & focus_terms)))
            scored.append((score, action))
        return sorted(scored, key=lambda p: (-p[0], p[1].id))

    def _personal_line(self, action: Action, personal: list[str], used: set[str]) -> str | None:
        """Quote the person's own words that this action speaks to, each phrase at most once per plan."""
        tokens = self._action_terms[action.id]
        ranked = sorted(((len(tokens & set(self._tokenize(t))), t) for t in personal if t not in used), reverse=True)
        if not ranked or ranked[0][0] < MIN_PERSONAL_OVERLAP:
            return None
        used.add(ranked[0][1])
        return f"It speaks to what you told me: \u201c{ranked[0][1]}\u201d."

    def _fit(self, picked: list[Action], budget: float) -> list[tuple[Action, float, int]]:
        """Scale hours so the stage's actions, run side by side, fit the budget; stretch weeks to keep effort."""
        while len(picked) > 2 and sum(a.hours_per_week for a in picked) > budget and \
                sum(min(a.hours_per_week, 0.5) for a in picked) > budget:
            picked = picked[:-1]
        total = sum(a.hours_per_week for a in picked)
        factor = min(1.0, budget / total) if total else 1.0
        fitted: list[tuple[Action, float, int]] = []
        for action in picked:
            hours = action.hours_per_week if factor == 1.0 else _round_down(action.hours_per_week * factor)
            weeks = min(52, math.ceil(action.duration_weeks * action.hours_per_week / hours))
            fitted.append((action, hours, weeks))
        while sum(h for _, h, _ in fitted) > budget + 1e-9:
            fitted = [(a, max(0.25, round(h / 2, 2)), min(52, w * 2)) for a, h, w in fitted]
        return fitted

    def _plan_action(
        self, action: Action, hours: float, weeks: int, personal: list[str], used: set[str]
    ) -> PlanAction:
        why = action.why
        if line := self._personal_line(action, personal, used):
            why = f"{why} {line}"
        return PlanAction(
            title=action.title, why=why[:600], steps=list(action.steps)[:8], hours_per_week=hours,
            duration_weeks=weeks, success_metric=action.success_metric,
            citations=list(dict.fromkeys([action.id, *action.citations]))[:8], catalog_id=action.id,
        )

    def _goal(self, stage: StageId, role: Role | None, target: Role | None) -> str:
        base = " ".join(s for s in re.split(r"(?<=\.)\s+", self._stages[stage].goal) if not re.search(r"\d", s))
        who = target if stage != "survive" and target else role
        return f"As {who.name}: {base}" if who else base

    def _excluded(self, issues: list[ReviewIssue], previous: Plan | None) -> set[str]:
        """Catalog actions behind error-level issues of the previous draft: not to be drawn again."""
        if previous is None:
            return set()
        out: set[str] = set()
        for issue in issues:
            if issue.severity == "error" and issue.check != "budget" and (m := _ACTION_PATH.match(issue.path)):
                s, a = int(m.group(1)), int(m.group(2))
                in_range = s < len(previous.stages) and a < len(previous.stages[s].actions)
                if in_range and (cid := previous.stages[s].actions[a].catalog_id):
                    out.add(cid)
        return out

    def draft(
        self,
        profile: Profile,
        assessment: Assessment,
        *,
        feedback: str | None = None,
        issues: list[ReviewIssue] | None = None,
        previous: Plan | None = None,
    ) -> Drafted[Plan]:
        issues = issues or []
        adj = read_feedback(feedback)
        current_id = profile.matched_role or assessment.role_matches[0].role_id
        target_id = profile.target_role if profile.target_role != current_id else None
        role, target = self._roles.get(current_id), self._roles.get(target_id or "")
        budget = (profile.hours_per_week or DEFAULT_HOURS) * adj.hours_factor
        lexical = self._scores(profile, assessment, adj)
        personal = self._personal_texts(profile)
        excluded = self._excluded(issues, previous)
        used: set[str] = set()
        per_stage = (3 if budget >= ROOMY_BUDGET else 2) + adj.extra_actions
        stages: list[PlanStage] = []
        for key in STAGE_ORDER:
            ranked = [a for _, a in self._candidates(key, (current_id, target_id), lexical, adj, excluded)]
            if len(ranked) < 2:  # feedback excluded too much: fall back to everything for this stage
                ranked = [a for _, a in self._candidates(key, (current_id, target_id), lexical, Adjustments(), set())]
            fitted = self._fit(ranked[:per_stage], budget)
            actions = [self._plan_action(a, h, w, personal, used) for a, h, w in fitted]
            stages.append(PlanStage(stage=key, goal=self._goal(key, role, target),
                                    horizon_weeks=max(a.duration_weeks for a in actions), actions=actions))
        who = role.name if role else "your current role"
        heading = f", moving toward {target.name}" if target else ""
        summary = (f"A survive, adapt, lead plan for you as {who}{heading}: first take the routine load off your "
                   f"week, then add a complementary skill and prove it in public, then own a risk area others "
                   f"rely on. Each stage fits the weekly hours you set aside.")
        notes = [f"Feedback {n}." for n in adj.notes] if feedback else []
        notes += [f"Addressed {i.check} issue at {i.path}: {i.message}" for i in issues if i.severity == "error"]
        return Drafted(Plan(summary=summary, stages=stages, revision_notes=[n[:600] for n in notes][:20]))
