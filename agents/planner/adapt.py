"""Adapting an approved plan to what a check-in found (the knowledge engine's way, for both engines).

Done actions are recorded and taken out; a stage all of whose actions are done closes and the next one opens; a
blocked action is replaced by the catalog's next fitting action for the person as they are now (the blocker read
as a limit of theirs); an action's hours follow what the person really spent; a new weekly budget is kept. Each
change is said in one sentence built from the numbers it is about ("you spent 1 h of 3: ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.deps import AgentDeps
from agents.planner.feedback import FeedbackReader
from agents.planner.fitting import MIN_HOURS, STEP, retime
from agents.planner.selection import NO_AI_AT_WORK
from domain.checkin import ActionAnswer, ActionKey, Checkin, CheckinRecord
from domain.failures import StateError
from domain.feedback import Adjustments
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.state import CoachState
from knowledge.models import StageId
from observability.events import ProgressReport, report_progress
from reading.numbers import round_half
from reading.screen import screened

DONE = "{title}: done - recorded, and not in the plan again."
PARTLY = "{title}: partly done - it carries on."
SPENT = "{title}: you spent {spent:g} h of {planned:g} a week, so the action is now {now:g} h a week."
REPLACED = "{title} was blocked ({blocker}): it is replaced by {new}, which does not depend on it."
NOT_REPLACED = "{title} was blocked ({blocker}) and no other action of the stage fits around it: it is taken out."
CANDIDATES_BUDGET = 12.0
STAGE_EMPTIED = "Nothing left in the {stage} stage fits: the {next} stage opens now."
STAGE_DONE = "Every action of the {stage} stage is done: the {next} stage opens now."
ALL_DONE = "Every action of the plan is done."
BUDGET = "You have {hours:g} h a week now: the {stage} stage is cut from {before:g} to {after:g} h a week."
NEW_ROLE = ("You have a new job ({role}): the plan keeps its stages for now; a new full session would assess the "
            "new work.")
LIMIT = "Noted a new limit: {limit}."
NOTHING = "Nothing changed in the plan: every action carries on as it was."


@dataclass
class Adapted:
    plan: Plan
    profile: Profile
    done: list[ActionKey]
    done_stages: list[StageId]
    changes: list[str] = field(default_factory=list)


def _half_down(hours: float) -> float:
    return max(MIN_HOURS, int(hours / STEP + 1e-9) * STEP)


def _with_hours(action: PlanAction, hours: float) -> PlanAction:
    weeks = action.duration_weeks
    return action.model_copy(update={
        "hours_per_week": hours,
        "steps": [retime(s, weeks, weeks, action.hours_per_week, hours) for s in action.steps],
        "success_metric": retime(action.success_metric, weeks, weeks, action.hours_per_week, hours)})


def person_now(profile: Profile, record: CheckinRecord, deps: AgentDeps, budget: float | None) -> Profile:
    """The person as the check-in found them: blockers and new limits kept as limits of theirs, of the kinds the
    interview reads (an employer's rule on AI leaves out what needs AI at work), new hours and work kept."""
    said = [a.report.blocker for a in record.actions if a.report.status == "blocked" and a.report.blocker]
    said += list(record.changes.limits)
    constraints, kinds = list(profile.constraints), list(profile.constraint_kinds)
    for text in said:
        if text[:200] not in constraints:
            constraints.append(text[:200])
        kinds += [k for k in deps.reader.constraint_kinds_in(text) if k not in kinds]
    update: dict[str, object] = {"constraints": constraints[-10:], "constraint_kinds": kinds}
    if set(kinds) & set(NO_AI_AT_WORK):
        update["ai_at_work"] = False
    reported = record.changes.hours_per_week  # the person's hours now cap a coach's budget, never the other way
    hours = min(budget, reported) if budget is not None and reported is not None else budget or reported
    if hours is not None:
        update["hours_per_week"] = hours
    if record.changes.new_role:
        update["current_role"] = record.changes.new_role
    return profile.model_copy(update=update)


def _replacement(deps: AgentDeps, checkin: Checkin, profile: Profile, stage: StageId, taken: set[str],
                 removed: list[str]) -> PlanAction | None:
    """The catalog's best action of `stage` for the person as they are now (the blocker among their limits, so
    what needs it is ruled out and material is made up where work material may not go): not already in the plan,
    done or blocked."""
    assessment = checkin.follow.assessment
    if assessment is None:
        return None
    engine = deps.fallback_planner or deps.planner
    roomy = profile.model_copy(update={"hours_per_week": CANDIDATES_BUDGET})  # a full week ranks more candidates
    draft = engine.draft(roomy, assessment, adjustments=Adjustments(remove=removed[:20])).value
    fresh = draft.stage(stage)
    return next((a for a in (fresh.actions if fresh else []) if (a.catalog_id or a.title) not in taken), None)


def _blocker(action: PlanAction, answer: ActionAnswer | None, before: Profile, now: Profile,
             deps: AgentDeps) -> str | None:
    """What rules the action out now: the blocker the person named, or a limit that came with this check-in
    (an employer's rule on AI, say) that the catalog action cannot keep."""
    if answer is not None and answer.report.status == "blocked":
        return (answer.report.blocker or "something in the way")[:160]
    needs = next((a.needs for a in deps.kb.catalog.actions if a.id == action.catalog_id), ())
    if "ai_at_work" in needs and now.ai_at_work is False and before.ai_at_work is not False:
        new = [c for c in now.constraints if c not in before.constraints]
        return f"it needs AI tools at work; {new[0] if new else 'your employer rules them out'}"[:160]
    return None


def _ident(action: PlanAction | ActionKey) -> str:
    return action.catalog_id or action.title


def adapt_plan(checkin: Checkin, deps: AgentDeps, *, budget: float | None = None) -> Adapted:
    """The plan adapted to the check-in's answers. `budget`: hours a week a coach's feedback asked for."""
    follow, record = checkin.follow, checkin.record
    profile = person_now(follow.profile, record, deps, budget)
    answers = {_ident(a.action): a for a in record.actions}
    done = [*follow.done, *(a.action for a in record.actions if a.report.status == "done")]
    done_ids = {_ident(d) for d in done}
    blocked = [a for a in record.actions if a.report.status == "blocked"]
    removed = sorted(done_ids | {_ident(a.action) for a in blocked})
    taken = {_ident(a) for s in follow.plan.stages for a in s.actions} | done_ids
    changes: list[str] = []
    stages: list[PlanStage] = []
    done_stages: list[StageId] = list(checkin.done_stages)
    for stage in follow.plan.stages:
        actions: list[PlanAction] = []
        for action in stage.actions:
            answer = answers.get(_ident(action))
            if _ident(action) in done_ids:
                if answer is not None:
                    changes.append(DONE.format(title=action.title))
                continue
            blocker = _blocker(action, answer, follow.profile, profile, deps)
            if blocker is not None:
                new = _replacement(deps, checkin, profile, stage.stage, taken, [*removed, _ident(action)])
                if new is None:
                    changes.append(NOT_REPLACED.format(title=action.title, blocker=blocker))
                    continue
                taken.add(_ident(new))
                changes.append(REPLACED.format(title=action.title, blocker=blocker, new=new.title))
                action = new if new.hours_per_week <= action.hours_per_week else _with_hours(new, action.hours_per_week)
            elif answer is not None:
                spent = answer.report.hours_per_week
                if spent is not None and 0 < spent < action.hours_per_week - 1e-9:
                    now = min(round_half(spent), action.hours_per_week)
                    changes.append(SPENT.format(title=action.title, spent=spent, planned=action.hours_per_week,
                                                now=now))
                    action = _with_hours(action, now)
                elif answer.report.status == "partly":
                    changes.append(PARTLY.format(title=action.title))
            actions.append(action)
        if not actions:
            if stage.stage not in done_stages:
                done_stages.append(stage.stage)
            following = next((s for s in STAGE_ORDER[STAGE_ORDER.index(stage.stage) + 1:]
                              if follow.plan.stage(s) is not None), None)
            finished = all(_ident(a) in done_ids for a in stage.actions)
            said = STAGE_DONE if finished else STAGE_EMPTIED
            changes.append(said.format(stage=stage.stage, next=following) if following else ALL_DONE)
            continue
        stages.append(_within(stage.model_copy(update={"actions": actions}), profile.hours_per_week, changes))
    if record.changes.new_role:
        changes.append(NEW_ROLE.format(role=record.changes.new_role[:120]))
    changes += [LIMIT.format(limit=x[:200]) for x in record.changes.limits]
    if not stages:  # everything done: the last stage stays as the record of what the plan was
        stages = [follow.plan.stages[-1]]
    plan = follow.plan.model_copy(update={
        "stages": stages, "revision_notes": [c[:600] for c in (changes or [NOTHING])][:20], "open_issues": []})
    return Adapted(plan=plan, profile=profile, done=done, done_stages=done_stages, changes=changes)


def _within(stage: PlanStage, budget: float | None, changes: list[str]) -> PlanStage:
    """A stage cut to the weekly budget, each action's hours in proportion (half-hour steps, at least half an hour);
    actions that no longer fit at all wait, last first."""
    before = stage.weekly_hours
    if budget is None or before <= budget + 1e-9:
        return stage
    actions = list(stage.actions)
    while len(actions) > 1 and MIN_HOURS * len(actions) > budget + 1e-9:
        actions.pop()
    scale = budget / sum(a.hours_per_week for a in actions)
    fitted = [_with_hours(a, min(a.hours_per_week, _half_down(a.hours_per_week * scale))) for a in actions]
    cut = stage.model_copy(update={"actions": fitted,
                                   "horizon_weeks": max(a.duration_weeks for a in fitted)})
    changes.append(BUDGET.format(hours=budget, stage=stage.stage, before=before, after=cut.weekly_hours))
    return cut


def adapt(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """The planner's node in a check-in: the plan adapted to the answers (and to a coach's feedback, when the
    adapted plan was sent back: a weekly budget it names is kept)."""
    checkin = state["checkin"]
    if checkin is None:
        raise StateError("the plan was adapted outside a check-in")
    feedback = screened(state["feedback"], drafted=True).text if state["feedback"] else None
    asked = FeedbackReader(deps.kb.catalog.vocabulary).read(feedback, state["shown_plan"]) if feedback else None
    budget = asked.hours_budget if asked is not None else state["adjustments"].hours_budget
    adjustments = state["adjustments"].merged(asked) if asked is not None else state["adjustments"]
    adapted = adapt_plan(checkin, deps, budget=budget)
    record = checkin.record
    report_progress(ProgressReport(
        follows=record.follows, stage=record.stage, statuses=[a.report.status for a in record.actions],
        hours_planned=sum(a.action.hours_per_week for a in record.actions),
        hours_reported=sum(a.report.hours_per_week or 0 for a in record.actions), rating=record.changes.rating,
        changes=len(adapted.changes), done_stages=list(adapted.done_stages)))
    return {"plan": adapted.plan, "profile": adapted.profile, "adjustments": adjustments, "feedback": None,
            "checkin": checkin.model_copy(update={"done_stages": adapted.done_stages, "changes": adapted.changes}),
            "phase": "planning"}
