"""The model is never worse than the catalog: when a chat model's draft still fails its guards after the bounded
revisions, each failing part is replaced by the knowledge engine's for the same person - an action by the catalog's
action at that place, a stage by the catalog's stage, the summary by the catalog's summary - and the draft says so.
If the mended draft still fails, the catalog's whole plan stands in."""

from __future__ import annotations

import re

from domain.plan import Plan, PlanStage
from domain.review import Review

_ACTION = re.compile(r"^stages\[(\d+)\]\.actions\[(\d+)\]")
_STAGE = re.compile(r"^stages\[(\d+)\]")
WHOLE_PLAN = ("The chat model's draft still failed the checks after its revisions, so this plan is the catalog's, "
              "written for you by the knowledge engine.")


def _part(path: str) -> tuple[int, int | None] | None:
    """(stage, action) a finding's path points at; None for the plan as a whole (summary, notes, 'stages')."""
    if m := _ACTION.match(path):
        return int(m.group(1)), int(m.group(2))
    if m := _STAGE.match(path):
        return int(m.group(1)), None
    return None


def mended(draft: Plan, review: Review, catalog: Plan) -> tuple[Plan, list[str]]:
    """`draft` with every part an error points at taken from `catalog` (the knowledge engine's plan for the same
    person), and a note per part replaced."""
    stages = list(draft.stages)
    notes: list[str] = []
    whole = False
    for issue in (i for i in review.issues if i.severity == "error"):
        part = _part(issue.path)
        if part is None and issue.path == "summary":
            draft = draft.model_copy(update={"summary": catalog.summary})
            notes.append("The summary is the catalog's: the model's did not pass the checks.")
            continue
        if part is None:  # the plan as a whole (its notes, a worry no action answers): the catalog's plan
            whole = True
            continue
        s, a = part
        ours = next((c for c in catalog.stages if s < len(stages) and c.stage == stages[s].stage), None)
        if ours is None:
            whole = True
            continue
        if a is None or a >= len(ours.actions):
            stages[s] = ours
            notes.append(f"The {ours.stage} stage is the catalog's: the model's did not pass the checks "
                         f"({issue.check}).")
        else:
            actions = list(stages[s].actions)
            if a < len(actions):
                actions[a] = ours.actions[a]
                stages[s] = PlanStage(stage=stages[s].stage, goal=stages[s].goal,
                                      horizon_weeks=max(x.duration_weeks for x in actions), actions=actions)
                notes.append(f"'{ours.actions[a].title}' is the catalog's: the model's action there did not pass "
                             f"the checks ({issue.check}).")
    if whole:
        return catalog.model_copy(update={"revision_notes": [WHOLE_PLAN, *catalog.revision_notes][:20]}), [WHOLE_PLAN]
    notes = list(dict.fromkeys(notes))
    return draft.model_copy(update={"stages": stages, "revision_notes": [*notes, *draft.revision_notes][:20]}), notes
