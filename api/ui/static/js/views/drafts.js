// Assessments and plans as a person reads them, with every citation expandable to its source entry, and guard
// issues shown where they apply. Fields this page does not know yet are listed, not dropped.

import { get } from "../api.js";
import { badge, count, extraFields, h, humanize, replace } from "../dom.js";
import { DYNAMICS, STAGES } from "./words.js";

const items = new Map();

function loadItem(id) {
  if (!items.has(id)) {
    const pending = get(`/knowledge/items/${encodeURIComponent(id)}`);
    pending.catch(() => items.delete(id));
    items.set(id, pending);
  }
  return items.get(id);
}

/** A citation id that opens, in place, to the entry it names: its title, text and provenance. */
export function citation(id) {
  const body = h("div", { class: "citation-body" }, h("p", { class: "muted" }, "Loading the source…"));
  const details = h("details", { class: "citation" },
    h("summary", {}, h("span", { class: "visually-hidden" }, "Source "), id), body);
  details.addEventListener("toggle", async () => {
    if (!details.open || details.dataset.loaded) return;
    try {
      const item = await loadItem(id);
      details.dataset.loaded = "yes";
      replace(body,
        h("p", { class: "citation-title" }, item.title),
        h("p", {}, item.text),
        h("p", { class: "provenance" },
          `Provenance: source ${item.source_id}, ${item.locator} (${humanize(item.kind)})`));
    } catch (error) {
      replace(body, h("p", { class: "error" }, error.message));
    }
  });
  return details;
}

export function citations(ids, path, register) {
  if (!ids || !ids.length) return null;
  const list = h("div", { class: "citations" }, h("span", { class: "citations-label" }, "Sources"),
    ids.map((id, index) => {
      const one = citation(id);
      register?.(`${path}[${index}]`, one);
      return one;
    }));
  register?.(path, list);
  return list;
}

// --- guard issues ------------------------------------------------------------------------------------------

/** `stages.1.actions.0` (schema errors) and `stages[1].actions[0]` (guards) name the same place. */
export function normalizePath(path) {
  return String(path || "").replace(/\.(\d+)(?=\.|$|\[)/g, "[$1]").replace(/^\./, "");
}

function parentPath(path) {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut > 0 ? path.slice(0, cut) : "";
}

/** Marks each issue on the most specific rendered part its path names; returns issues with their targets. */
export function annotate(registry, issues) {
  return (issues || []).map((issue, index) => {
    let path = normalizePath(issue.path);
    while (path && !registry.has(path)) path = parentPath(path);
    const target = registry.get(path) || registry.get("");
    if (!target) return { issue, target: null };
    target.classList.add(`issue-${issue.severity === "error" ? "error" : "warning"}`);
    if (!target.id) target.id = `issue-target-${index}`;
    const note = h("p", { class: ["issue-note", `issue-note-${issue.severity}`] },
      badge(issue.severity), " ", h("strong", {}, humanize(issue.check)), `: ${issue.message}`);
    if (target.tagName === "DETAILS") target.after(note);
    else target.append(note);
    return { issue, target };
  });
}

/** The list of guard issues at the top of a review, each a button that takes focus to where it applies. */
export function issueList(annotated, { title = "Guard issues" } = {}) {
  if (!annotated.length) return h("p", { class: "ok" }, "The guards found no issue in this draft.");
  const errors = annotated.filter(({ issue }) => issue.severity === "error").length;
  return h("section", { class: "issues", "aria-labelledby": "issues-title" },
    h("h2", { id: "issues-title" }, `${title}: ${count(annotated.length, "issue")}`,
      errors ? `, ${count(errors, "error")}` : ""),
    h("ul", {}, annotated.map(({ issue, target }) => h("li", { class: `issue-${issue.severity}` },
      badge(issue.severity), " ",
      target
        ? h("button", {
          type: "button", class: "link-button",
          onclick: () => {
            target.scrollIntoView({ block: "center" });
            if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
            target.focus();
          },
        }, `${humanize(issue.check)} at ${issue.path || "the draft"}`)
        : `${humanize(issue.check)} at ${issue.path || "the draft"}`,
      `: ${issue.message}`))));
}

/** What a new version changed from the one before (generated from the two versions), under `heading`. */
function revisionNotes(notes, heading) {
  return (notes || []).length
    ? h("section", { class: "revision-notes" }, heading, h("ul", {}, notes.map((note) => h("li", {}, note))))
    : null;
}

// --- assessment --------------------------------------------------------------------------------------------

const ASSESSMENT_FIELDS = new Set(["role_matches", "exposure", "durable_strengths", "gaps", "risk_summary", "citations",
  "fit", "fit_note", "tentative", "revision_notes"]);
const MATCH_FIELDS = new Set(["role_id", "name", "confidence", "reason"]);
const EXPOSURE_FIELDS = new Set(["dynamic", "level", "rationale", "citations"]);

export function renderAssessment(assessment, registry = new Map()) {
  const register = (path, el) => registry.set(path, el);
  const root = h("div", { class: "assessment" });
  register("", root);
  const matches = (assessment.role_matches || []).map((match, index) => {
    const percent = Math.round((match.confidence || 0) * 100);
    const item = h("li", { class: "match" },
      h("div", { class: "match-head" },
        h("strong", {}, match.name || match.role_id),
        h("span", { class: "confidence" }, `${percent}% confident`)),
      h("meter", { min: 0, max: 1, low: 0.4, high: 0.7, optimum: 1, value: match.confidence || 0, "aria-label": `Confidence in ${match.name}` }),
      match.reason ? h("p", {}, match.reason) : null,
      extraFields(match, MATCH_FIELDS));
    register(`role_matches[${index}]`, item);
    return item;
  });
  const matchList = h("ol", { class: "matches" }, matches);
  register("role_matches", matchList);
  const exposure = (assessment.exposure || []).map((entry, index) => {
    const row = h("li", { class: `exposure exposure-${entry.level}` },
      h("div", { class: "exposure-head" },
        h("strong", {}, DYNAMICS[entry.dynamic] || humanize(entry.dynamic)),
        badge(`${entry.level} exposure`, entry.level)),
      h("p", {}, entry.rationale),
      citations(entry.citations, `exposure[${index}].citations`, register),
      extraFields(entry, EXPOSURE_FIELDS));
    register(`exposure[${index}]`, row);
    return row;
  });
  const exposureList = h("ul", { class: "exposures" }, exposure);
  register("exposure", exposureList);
  const summary = h("p", { class: "risk-summary" }, assessment.risk_summary);
  register("risk_summary", summary);
  const strengths = h("ul", {}, (assessment.durable_strengths || []).map((s) => h("li", {}, s)));
  register("durable_strengths", strengths);
  const gaps = (assessment.gaps || []).length
    ? h("ul", {}, assessment.gaps.map((gap) => h("li", {}, gap)))
    : h("p", { class: "muted" }, "No gap named.");
  register("gaps", gaps);
  const notes = revisionNotes(assessment.revision_notes, h("h3", {}, "What this redo changed"));
  if (notes) register("revision_notes", notes);
  return replace(root,
    notes,
    assessment.tentative ? h("p", { class: "notice" }, "A tentative assessment: the interview told too little yet "
      + "for a firm one.") : null,
    h("h3", {}, "In short"), summary, citations(assessment.citations, "citations", register),
    h("h3", {}, "Roles you match"),
    assessment.fit_note ? h("p", { class: "fit-note" }, assessment.fit_note) : null,
    matchList,
    h("h3", {}, "How exposed you are to each of the four dynamics"), exposureList,
    h("div", { class: "two-columns" },
      h("div", {}, h("h3", {}, "What lasts in your work"), strengths),
      h("div", {}, h("h3", {}, "Gaps to close"), gaps)),
    extraFields(assessment, ASSESSMENT_FIELDS));
}

// --- plan --------------------------------------------------------------------------------------------------

const PLAN_FIELDS = new Set(["summary", "stages", "revision_notes"]);
const STAGE_FIELDS = new Set(["stage", "goal", "horizon_weeks", "actions"]);
const ACTION_FIELDS = new Set(["title", "why", "steps", "hours_per_week", "duration_weeks", "success_metric",
  "citations", "catalog_id"]);

export function hours(value) {
  return `${Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 })} h`;
}

function stageHours(stage) {
  return (stage.actions || []).reduce((sum, action) => sum + (Number(action.hours_per_week) || 0), 0);
}

function renderAction(action, path, register, decorate) {
  const title = h("h4", { class: "action-title" }, action.title);
  const hoursValue = h("dd", {}, `${hours(action.hours_per_week)} a week`);
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Hours"), hoursValue,
    h("dt", {}, "Weeks"), h("dd", {}, String(action.duration_weeks)),
    h("dt", {}, "Success metric"), h("dd", {}, action.success_metric));
  const article = h("article", { class: "action" },
    title,
    facts,
    action.why ? h("p", { class: "why" }, action.why) : null,
    (action.steps || []).length ? h("ol", { class: "steps" }, action.steps.map((step) => h("li", {}, step))) : null,
    citations(action.citations, `${path}.citations`, register),
    extraFields(action, ACTION_FIELDS));
  register(path, article);
  register(`${path}.title`, title);
  register(`${path}.hours_per_week`, hoursValue);
  decorate?.(article, { title, hoursValue });
  return article;
}

/**
 * The plan: summary, the three stages with their actions (hours, weeks, success metric, steps, sources),
 * revision notes. `decorate(article, refs, stageIndex, actionIndex)` adds controls (the review page's editor).
 */
export function renderPlan(plan, { registry = new Map(), decorate, headingLevel = 3 } = {}) {
  const register = (path, el) => registry.set(path, el);
  const heading = (text) => h(`h${headingLevel}`, {}, text);
  const root = h("div", { class: "plan" });
  register("", root);
  const summary = h("p", { class: "plan-summary" }, plan.summary);
  register("summary", summary);
  const stages = (plan.stages || []).map((stage, s) => {
    const total = stageHours(stage);
    const section = h("section", { class: ["stage", `stage-${stage.stage}`], "aria-label": STAGES[stage.stage] || stage.stage },
      h(`h${headingLevel}`, { class: "stage-title" }, STAGES[stage.stage] || humanize(stage.stage)),
      h("p", { class: "stage-goal" }, stage.goal),
      h("p", { class: "muted stage-facts" },
        `${count(stage.horizon_weeks, "week")} · ${hours(total)} a week across ${count((stage.actions || []).length, "action")}`),
      extraFields(stage, STAGE_FIELDS),
      (stage.actions || []).map((action, a) => renderAction(action, `stages[${s}].actions[${a}]`, register,
        decorate && ((article, refs) => decorate(article, refs, s, a)))));
    register(`stages[${s}]`, section);
    register(`stages[${s}].actions`, section);
    return section;
  });
  const stageBox = h("div", { class: "stages" }, stages);
  register("stages", stageBox);
  const notes = revisionNotes(plan.revision_notes, heading("What this revision changed"));
  if (notes) register("revision_notes", notes);
  return replace(root, summary, stageBox, notes, extraFields(plan, PLAN_FIELDS));
}
