// What changed between two versions of a plan, in words: actions added, removed, and each changed field.

import { h } from "../dom.js";
import { hours } from "./drafts.js";
import { STAGES } from "./words.js";

/** JSON with sorted keys: two plans are the same when this is. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const FIELD_WORDS = {
  hours_per_week: ["hours a week", (v) => hours(v)],
  duration_weeks: ["weeks", String],
  success_metric: ["success metric", (v) => `“${v}”`],
  why: ["why", (v) => `“${v}”`],
  title: ["title", (v) => `“${v}”`],
};

function actionKey(action) {
  return action.catalog_id || action.title;
}

function shortList(values) {
  return values.length > 3 ? `${values.slice(0, 3).join(", ")} and ${values.length - 3} more` : values.join(", ");
}

function actionChanges(stageName, before, after) {
  const changes = [];
  const name = `${stageName} · “${after.title}”`;
  for (const [field, [word, show]] of Object.entries(FIELD_WORDS)) {
    if (canonical(before[field]) !== canonical(after[field])) {
      changes.push({ kind: "changed", text: `${name}: ${word} ${show(before[field])} → ${show(after[field])}` });
    }
  }
  if (canonical(before.steps) !== canonical(after.steps)) {
    changes.push({ kind: "changed", text: `${name}: steps rewritten (${(before.steps || []).length} → ${(after.steps || []).length})` });
  }
  const was = new Set(before.citations || []);
  const now = new Set(after.citations || []);
  const added = [...now].filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !now.has(id));
  if (added.length) changes.push({ kind: "added", text: `${name}: cites ${shortList(added)}` });
  if (removed.length) changes.push({ kind: "removed", text: `${name}: no longer cites ${shortList(removed)}` });
  return changes;
}

/** The changes from `before` to `after`, each {kind: added | removed | changed, text}. */
export function planChanges(before, after) {
  const changes = [];
  if (before.summary !== after.summary) {
    changes.push({ kind: "changed", text: `Summary: “${before.summary}” → “${after.summary}”` });
  }
  const beforeStages = new Map((before.stages || []).map((stage) => [stage.stage, stage]));
  for (const stage of after.stages || []) {
    const stageName = STAGES[stage.stage] || stage.stage;
    const old = beforeStages.get(stage.stage);
    beforeStages.delete(stage.stage);
    if (!old) {
      changes.push({ kind: "added", text: `${stageName}: a new stage` });
      continue;
    }
    if (old.goal !== stage.goal) changes.push({ kind: "changed", text: `${stageName} goal: “${old.goal}” → “${stage.goal}”` });
    if (old.horizon_weeks !== stage.horizon_weeks) {
      changes.push({ kind: "changed", text: `${stageName}: ${old.horizon_weeks} → ${stage.horizon_weeks} weeks` });
    }
    const oldActions = new Map((old.actions || []).map((action) => [actionKey(action), action]));
    for (const action of stage.actions || []) {
      const previous = oldActions.get(actionKey(action));
      oldActions.delete(actionKey(action));
      if (!previous) changes.push({ kind: "added", text: `${stageName}: added “${action.title}” (${hours(action.hours_per_week)} a week)` });
      else changes.push(...actionChanges(stageName, previous, action));
    }
    for (const action of oldActions.values()) changes.push({ kind: "removed", text: `${stageName}: dropped “${action.title}”` });
  }
  for (const stage of beforeStages.values()) changes.push({ kind: "removed", text: `${STAGES[stage.stage] || stage.stage}: stage removed` });
  return changes;
}

export function renderChanges(changes) {
  if (!changes.length) return h("p", { class: "muted" }, "No difference in the plan's content.");
  return h("ul", { class: "diff" }, changes.map((change) => h("li", { class: `diff-${change.kind}` },
    h("span", { class: "diff-mark" }, { added: "Added", removed: "Removed", changed: "Changed" }[change.kind]),
    " ", change.text)));
}
