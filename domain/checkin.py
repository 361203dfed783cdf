"""A check-in on an approved plan: how each action of the current stage went, what changed since, and how near the
stage's goal the person feels (Goal Attainment Scaling, -2 to +2, asked in plain words).

The graph asks one question (`domain.interrupts.CheckinInterrupt`) per action, then one about what changed; the
answers become a `CheckinRecord`, which the planner adapts the plan from and the memory keeps per person.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.answers import Option
from domain.assessment import Assessment
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.text import ShortText
from knowledge.models import StageId

ActionStatus = Literal["done", "partly", "not_started", "blocked"]
STATUS_LABELS: dict[ActionStatus, str] = {
    "done": "Done", "partly": "Partly done", "not_started": "Not started yet", "blocked": "Blocked by something"}
Rating = Annotated[int, Field(ge=-2, le=2)]
RATING_LABELS: dict[int, str] = {
    -2: "Much less than I hoped", -1: "A bit less than I hoped", 0: "About what I hoped",
    1: "A bit more than I hoped", 2: "Much more than I hoped"}
"""Goal Attainment Scaling's five levels, in the words the person picks from."""
CheckinStep = Literal["action", "changes"]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActionReport(_Schema):
    """How one action went since the plan was approved (or since the last check-in)."""

    status: ActionStatus = Field(description="done, partly, not_started or blocked.")
    hours_per_week: float | None = Field(
        default=None, ge=0, le=60, description="Hours a week the person really spent on it.")
    blocker: ShortText | None = Field(default=None, description="What blocked it, in the person's words.")
    text: ShortText | None = Field(default=None, description="Anything else, in the person's own words.")


class ChangeReport(_Schema):
    """What changed since the plan was made: time, work, limits, worries; and the stage goal's rating."""

    hours_per_week: float | None = Field(
        default=None, gt=0, le=60, description="Hours a week the person has for the plan now.")
    new_role: ShortText | None = Field(default=None, description="A new job, when they changed jobs.")
    limits: list[ShortText] = Field(default_factory=list, max_length=5, description="New limits on the plan.")
    worries: list[ShortText] = Field(default_factory=list, max_length=5, description="New worries.")
    rating: Rating | None = Field(
        default=None, description="How near the stage's goal they are, -2 (much less than hoped) to +2 (much more).")
    text: ShortText | None = Field(default=None, description="Anything else, in the person's own words.")


class ActionKey(_Schema):
    """An action of the plan, named so that later versions of the plan still find it."""

    stage: StageId = Field(description="The stage it belongs to.")
    title: str = Field(max_length=160, description="The action's title.")
    catalog_id: str | None = Field(default=None, description="The catalog action it was drawn from, if any.")
    hours_per_week: float = Field(gt=0, le=40, description="Hours a week the plan gave it.")
    duration_weeks: int = Field(ge=1, le=52, description="How long the plan gave it.")

    @classmethod
    def of(cls, stage: StageId, action: PlanAction) -> ActionKey:
        return cls(stage=stage, title=action.title, catalog_id=action.catalog_id,
                   hours_per_week=action.hours_per_week, duration_weeks=action.duration_weeks)

    def same(self, action: PlanAction) -> bool:
        return (self.catalog_id is not None and self.catalog_id == action.catalog_id) or self.title == action.title


class ActionAnswer(_Schema):
    action: ActionKey
    report: ActionReport
    said: str = Field(default="", max_length=600, description="The answer as the person gave it, in words.")


class CheckinRecord(_Schema):
    """One check-in's answers: what the memory keeps and the progress view shows."""

    follows: str = Field(description="The session whose approved plan this check-in followed.")
    session_id: str | None = Field(default=None, description="The check-in's own session, once known.")
    stage: StageId = Field(description="The stage the check-in asked about.")
    goal: str = Field(default="", max_length=600, description="That stage's goal.")
    actions: list[ActionAnswer] = Field(default_factory=list)
    changes: ChangeReport = Field(default_factory=ChangeReport)
    changes_said: str = Field(default="", max_length=600)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class FollowUp(_Schema):
    """What a check-in starts from: the approved plan it follows, the person as they were confirmed, and what the
    earlier check-ins on the same line of plans recorded."""

    follows: str = Field(description="The session whose approved plan this follows.")
    profile: Profile
    assessment: Assessment | None = None
    plan: Plan
    done: list[ActionKey] = Field(default_factory=list, description="Actions recorded done before.")
    done_stages: list[StageId] = Field(default_factory=list, description="Stages closed before.")
    history: list[CheckinRecord] = Field(default_factory=list, description="Earlier check-ins, oldest first.")


class Checkin(_Schema):
    """The check-in under way, in the graph's state."""

    follow: FollowUp
    stage: StageId
    asking: list[ActionKey] = Field(description="The current stage's open actions, asked in order.")
    record: CheckinRecord
    step: int = Field(default=0, ge=0, description="Questions answered so far.")
    done_stages: list[StageId] = Field(default_factory=list, description="Stages all of whose actions are done.")
    changes: list[str] = Field(default_factory=list, description="Why each change to the plan was made.")

    @property
    def questions(self) -> int:
        return len(self.asking) + 1

    @property
    def finished(self) -> bool:
        return self.step >= self.questions


def _anyof(model: type[BaseModel]) -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "description": "The answer, in the person's own words."},
                      model.model_json_schema()]}


def status_options() -> list[Option]:
    return [Option(value=k, label=v) for k, v in STATUS_LABELS.items()]


def rating_options() -> list[Option]:
    return [Option(value=str(k), label=v) for k, v in RATING_LABELS.items()]


def action_schema() -> dict[str, Any]:
    return _anyof(ActionReport)


def changes_schema() -> dict[str, Any]:
    return _anyof(ChangeReport)


def checkin_answer(step: CheckinStep, value: dict[str, Any]) -> ActionReport | ChangeReport:
    """A structured check-in answer, checked against its step's schema (pydantic's ValidationError otherwise)."""
    return ActionReport.model_validate(value) if step == "action" else ChangeReport.model_validate(value)


def current_stage(plan: Plan, done: list[ActionKey]) -> PlanStage | None:
    """The first stage with an action not yet done; None when every action is done."""
    for key in STAGE_ORDER:
        stage = plan.stage(key)
        if stage is not None and any(not any(d.same(a) for d in done) for a in stage.actions):
            return stage
    return None


def open_actions(stage: PlanStage, done: list[ActionKey]) -> list[ActionKey]:
    return [ActionKey.of(stage.stage, a) for a in stage.actions if not any(d.same(a) for d in done)]


def said_action(report: ActionReport) -> str:
    parts = [STATUS_LABELS[report.status]]
    if report.blocker:
        parts.append(f"blocked by {report.blocker}")
    if report.hours_per_week is not None:
        parts.append(f"{report.hours_per_week:g} h a week")
    if report.text:
        parts.append(report.text)
    return "; ".join(parts)


def said_changes(report: ChangeReport) -> str:
    parts: list[str] = []
    if report.hours_per_week is not None:
        parts.append(f"{report.hours_per_week:g} hours a week now")
    if report.new_role:
        parts.append(f"new job: {report.new_role}")
    parts += [f"limit: {x}" for x in report.limits] + [f"worry: {x}" for x in report.worries]
    if report.rating is not None:
        parts.append(f"goal: {RATING_LABELS[report.rating].lower()}")
    if report.text:
        parts.append(report.text)
    return "; ".join(parts) or "nothing changed"
