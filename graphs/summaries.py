"""Each draft a person decides on, in words (Markdown): what the review's AI message says and what the human-in-the-loop
request's `description` holds, so chat clients and inboxes show the draft itself, not only its JSON."""

from __future__ import annotations

from agents.planner.render import STAGE_TITLES, effort
from domain.assessment import Assessment
from domain.plan import Plan
from domain.profile import Profile
from domain.understanding import kind_labels, understood_text
from knowledge.models import Vocabulary
from reading.deadline import weeks_words


def profile_summary(profile: Profile, vocabulary: Vocabulary) -> str:
    return understood_text(profile, kind_labels(vocabulary))


def assessment_summary(assessment: Assessment, dynamics: dict[str, str]) -> str:
    """Roles matched (with confidence), exposure to each dynamic, what lasts, the gaps, what changed."""
    lines = ["**Your assessment**", "", assessment.risk_summary, ""]
    if assessment.fit_note:
        lines += [f"_{assessment.fit_note}_", ""]
    lines += ["Roles that match:"] + ([f"- {m.name} ({m.confidence:.0%}): {m.reason}" for m in assessment.role_matches]
                                      or ["- none of the catalog's roles"])
    lines += ["", "Exposure to each dynamic:"]
    lines += [f"- **{dynamics.get(e.dynamic, e.dynamic)}:** {e.level}. {e.rationale}" for e in assessment.exposure]
    for title, items in (("What lasts in you", assessment.durable_strengths),
                         ("What lasts in this work", assessment.durable_work), ("Gaps", assessment.gaps),
                         ("What changed", assessment.revision_notes)):
        if items:
            lines += ["", f"{title}:"] + [f"- {item}" for item in items]
    return "\n".join(lines)


def plan_summary(plan: Plan) -> str:
    """The plan's stages and actions with their effort and success metric, and what changed since the last draft."""
    lines = ["**Your plan**" + (" _(tentative)_" if plan.tentative else ""), "", plan.summary]
    for number, stage in enumerate(plan.stages, 1):
        lines += ["", f"**{number}. {STAGE_TITLES.get(stage.stage, stage.stage)}:** {stage.goal} "
                      f"_({weeks_words(stage.horizon_weeks)}, about {stage.weekly_hours:g} h/week)_"]
        lines += [f"- {a.title}: {effort(a)}; success: {a.success_metric}" for a in stage.actions]
    if plan.revision_notes:
        lines += ["", "What changed:"] + [f"- {note}" for note in plan.revision_notes]
    return "\n".join(lines)
