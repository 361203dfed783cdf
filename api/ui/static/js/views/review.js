// The review of a pending draft: guard issues where they apply, the changes since the previous version, edits
// field by field (hours, title, drop an action, the summary), then approve, send the edits, or reject with feedback.
// At an assessment review a coach may also place the person in another role, and the assessment is redone on it.

import { ApiError, get, mayReview, post } from "../api.js";
import { ago, announce, badge, count, h, replace, shortId, time, when } from "../dom.js";
import { follow } from "../live.js";
import { go } from "../main.js";
import { canonical, planChanges, renderChanges } from "./diff.js";
import { annotate, hours, issueList, renderAssessment, renderPlan } from "./drafts.js";
import { COACH_REVIEWS, kindText } from "./words.js";

export async function renderReview(main, sessionId) {
  const view = await get(`/sessions/${sessionId}`);
  const pending = view.pending;
  if (!pending || !COACH_REVIEWS.has(pending.kind)) {
    replace(main, h("section", { class: "page" },
      h("h1", {}, "Nothing to review"),
      h("p", {}, view.running ? "A run of this session is under way; its next draft appears in the inbox." :
        pending?.kind === "profile_review" ? "The person is checking what the interview understood, on the session's page." :
          `This session waits for no review now (status: ${view.status}).`),
      h("p", {}, h("a", { href: `#/sessions/${sessionId}` }, "Open the session"), " · ",
        h("a", { href: "#/inbox" }, "Back to the inbox"))));
    return follow(sessionId, ({ event }) => { if (event === "state") go(`#/review/${sessionId}`); });
  }
  const versions = pending.kind === "plan_review" ? await get(`/sessions/${sessionId}/plan/versions`) : [];
  const page = h("section", { class: "page review" });
  replace(main, page);
  drawReview(page, view, pending, versions);
  return follow(sessionId, ({ event, data }) => {
    if (event === "state" && data.pending_id !== pending.id) {
      announce("This session moved on meanwhile; showing where it is now.");
      go(COACH_REVIEWS.has(data.pending_kind) ? `#/review/${sessionId}` : `#/sessions/${sessionId}`);
    }
  });
}

function drawReview(page, view, pending, versions) {
  const draft = pending.draft;
  const editor = pending.kind === "plan_review" ? planEditor(draft) : assessmentEditor(draft);
  const registry = new Map();
  const rendered = pending.kind === "plan_review"
    ? renderPlan(editor.working, { registry, decorate: editor.decorate })
    : renderAssessment(draft, registry);
  const annotated = annotate(registry, pending.review?.issues);
  const errors = annotated.filter(({ issue }) => issue.severity === "error");
  replace(page,
    h("h1", {}, kindText(pending.kind)),
    h("p", { class: "meta" }, `Session ${shortId(view.id)} · waiting since `, time(view.updated_at),
      ` (${ago(view.updated_at)}) · `, h("a", { href: `#/sessions/${view.id}` }, "open the session")),
    h("p", { class: "lead" }, pending.prompt),
    pending.error ? h("p", { class: "error", role: "alert" }, `Not applied: ${pending.error}`) : null,
    mayReview(view.owner_id) ? null
      : h("p", { class: "notice" }, "You may read this draft but not decide it: this server asks a coach to."),
    issueList(annotated),
    pending.kind === "plan_review" ? changesSection(draft, versions) : null,
    h("section", { class: "card", "aria-labelledby": "draft-title" },
      h("h2", { id: "draft-title" }, pending.kind === "plan_review" ? "The draft plan" : "The draft assessment"),
      editor.summaryControl,
      rendered),
    editor.panel,
    mayReview(view.owner_id) ? decisionForm(view, pending, editor, errors.length) : null);
}

function changesSection(draft, versions) {
  const current = canonical(draft);
  const earlier = versions.filter((version) => canonical(version.plan) !== current);
  const box = h("div", {});
  const section = h("section", { class: "card", "aria-labelledby": "changes-title" },
    h("h2", { id: "changes-title" }, "Changes since the previous version"), box);
  if (!earlier.length) {
    replace(box, h("p", { class: "muted" }, "This is the first draft: there is no earlier version to compare with."));
    return section;
  }
  const select = h("select", { id: "compare-with" }, earlier.slice().reverse().map((version) =>
    h("option", { value: String(version.number) },
      `Version ${version.number} (${version.status}, ${when(version.created_at)})`)));
  const list = h("div", {});
  const show = () => {
    const chosen = earlier.find((version) => String(version.number) === select.value) || earlier[earlier.length - 1];
    replace(list, renderChanges(planChanges(chosen.plan, draft)));
  };
  select.addEventListener("change", show);
  show();
  replace(box, h("label", { for: "compare-with" }, "Compare with"), select, list);
  return section;
}

// --- editing -----------------------------------------------------------------------------------------------

function plural(n, one) {
  return count(n, one);
}

/** The working copy of a plan, controls on each action, and the edits they add up to. */
function planEditor(draft) {
  const working = structuredClone(draft);
  const dropped = new Set();
  const list = h("ul", { class: "edits" });
  const panel = h("section", { class: "card", "aria-labelledby": "edits-title" },
    h("h2", { id: "edits-title" }, "Your edits"), list);

  function changes() {
    const out = [];
    if (working.summary !== draft.summary) out.push("The summary is reworded.");
    draft.stages.forEach((stage, s) => stage.actions.forEach((action, a) => {
      const now = working.stages[s].actions[a];
      if (dropped.has(`${s}.${a}`)) out.push(`Drop “${action.title}”.`);
      if (now.title !== action.title) out.push(`Reword “${action.title}” as “${now.title}”.`);
      if (Number(now.hours_per_week) !== Number(action.hours_per_week)) {
        out.push(`“${now.title}”: ${hours(action.hours_per_week)} → ${hours(now.hours_per_week)} a week.`);
      }
    }));
    return out;
  }

  function refresh() {
    const all = changes();
    replace(list, all.length ? all.map((text) => h("li", {}, text)) : h("li", { class: "muted" },
      "None yet. Use “Edit this action” under an action, or “Edit the summary”, to change the draft."));
  }

  function edits() {
    const out = {};
    if (working.summary !== draft.summary) out.summary = working.summary;
    const stagesChanged = dropped.size || canonical(working.stages) !== canonical(draft.stages);
    if (stagesChanged) {
      out.stages = working.stages.map((stage, s) => ({
        ...stage,
        actions: stage.actions.filter((_, a) => !dropped.has(`${s}.${a}`))
          .map((action) => ({ ...action, hours_per_week: Number(action.hours_per_week) })),
      }));
    }
    return out;
  }

  const summaryInput = h("textarea", { id: "edit-summary", rows: 3, value: draft.summary, maxLength: 600 });
  summaryInput.addEventListener("input", () => { working.summary = summaryInput.value; refresh(); });
  const summaryControl = h("details", { class: "edit" }, h("summary", {}, "Edit the summary"),
    h("label", { for: "edit-summary" }, "Summary"), summaryInput);

  function decorate(article, refs, s, a) {
    const original = draft.stages[s].actions[a];
    const action = working.stages[s].actions[a];
    const id = `${s}-${a}`;
    const hoursInput = h("input", {
      id: `hours-${id}`, type: "number", min: 0.5, max: 40, step: 0.5, inputMode: "decimal",
      value: String(action.hours_per_week), "aria-label": `Hours a week for “${original.title}”`,
    });
    hoursInput.addEventListener("input", () => {
      action.hours_per_week = hoursInput.value === "" ? original.hours_per_week : Number(hoursInput.value);
      refs.hoursValue.textContent = `${hours(action.hours_per_week)} a week`
        + (Number(action.hours_per_week) !== Number(original.hours_per_week) ? ` (was ${hours(original.hours_per_week)})` : "");
      article.classList.toggle("edited", Number(action.hours_per_week) !== Number(original.hours_per_week));
      refresh();
    });
    const titleInput = h("input", {
      id: `title-${id}`, type: "text", value: action.title, maxLength: 160, "aria-label": `Title of “${original.title}”`,
    });
    titleInput.addEventListener("input", () => {
      action.title = titleInput.value;
      refs.title.textContent = titleInput.value || original.title;
      refresh();
    });
    const drop = h("button", { type: "button", "aria-pressed": "false" }, "Drop this action");
    drop.addEventListener("click", () => {
      const key = `${s}.${a}`;
      if (dropped.has(key)) dropped.delete(key);
      else dropped.add(key);
      const isDropped = dropped.has(key);
      drop.setAttribute("aria-pressed", String(isDropped));
      drop.textContent = isDropped ? "Keep this action" : "Drop this action";
      article.classList.toggle("dropped", isDropped);
      refresh();
    });
    article.append(h("details", { class: "edit" }, h("summary", {}, "Edit this action"),
      h("div", { class: "edit-fields" },
        h("div", {}, h("label", { for: `hours-${id}` }, "Hours a week"), hoursInput),
        h("div", { class: "grow" }, h("label", { for: `title-${id}` }, "Title"), titleInput)),
      drop));
  }

  refresh();
  return { working, decorate, panel, summaryControl, edits, changes };
}

/** An assessment's editable field: its summary of the risk. */
function assessmentEditor(draft) {
  const working = structuredClone(draft);
  const note = h("p", { class: "muted" });
  const input = h("textarea", { id: "edit-risk-summary", rows: 4, value: draft.risk_summary, maxLength: 1200 });
  const refresh = () => {
    note.textContent = working.risk_summary !== draft.risk_summary ? "The summary is reworded." : "No edit yet.";
  };
  input.addEventListener("input", () => { working.risk_summary = input.value; refresh(); });
  const summaryControl = h("details", { class: "edit" }, h("summary", {}, "Edit the summary"),
    h("label", { for: "edit-risk-summary" }, "Summary of the risk"), input);
  refresh();
  return {
    working, summaryControl,
    panel: h("section", { class: "card", "aria-labelledby": "edits-title" }, h("h2", { id: "edits-title" }, "Your edits"), note),
    edits: () => (working.risk_summary !== draft.risk_summary ? { risk_summary: working.risk_summary } : {}),
    changes: () => (working.risk_summary !== draft.risk_summary ? ["The summary is reworded."] : []),
  };
}

// --- deciding ----------------------------------------------------------------------------------------------

function decisionForm(view, pending, editor, errorCount) {
  const error = h("p", { class: "error", id: "decision-error", role: "alert", hidden: true });
  const feedback = h("textarea", { id: "feedback", rows: 3, maxLength: 4000, "aria-describedby": "feedback-help" });
  const acknowledge = errorCount
    ? h("input", { id: "acknowledge", type: "checkbox" })
    : null;
  const buttons = {
    approve: h("button", { type: "button", class: "primary" }, "Approve"),
    edit: h("button", { type: "button" }, "Send edits"),
    reject: h("button", { type: "button", class: "danger" }, "Reject with feedback"),
  };
  const allowed = new Set(pending.allowed || ["approve", "edit", "reject"]);
  const fail = (text, focus) => {
    error.textContent = text;
    error.hidden = false;
    focus?.focus();
  };

  let section = null;
  const busy = (flag) => section.querySelectorAll("button, select").forEach((control) => { control.disabled = flag; });

  /** Sends a decision; the review that comes back (a revision, a redo) or the session when none waits. */
  async function send(body, { sending, done }) {
    error.hidden = true;
    busy(true);
    announce(sending);
    try {
      const next = await post(`/sessions/${view.id}/resume`, { interrupt_id: pending.id, ...body });
      const again = COACH_REVIEWS.has(next.pending?.kind);
      announce(again
        ? `${done}; ${kindText(next.pending.kind)} waiting, with ${plural(next.pending.review?.issues?.length || 0, "guard issue")}.`
        : `${done}.`);
      go(again ? `#/review/${view.id}` : `#/sessions/${view.id}`);
    } catch (failure) {
      busy(false);
      if (failure instanceof ApiError && failure.status === 409) {
        go(`#/review/${view.id}`, { message: failure.message });  // the review as it is now, and why
        return;
      }
      fail(failure instanceof ApiError ? failure.message : String(failure));
    }
  }

  function decide(action) {
    error.hidden = true;
    const body = { action };
    if (action === "approve" && errorCount) {
      if (!acknowledge.checked) {
        fail(`The guards found ${plural(errorCount, "error")} in this draft: tick the acknowledgement to approve it anyway, or edit or reject it.`, acknowledge);
        return;
      }
      body.acknowledge = true;
    }
    if (action === "edit") {
      const edits = editor.edits();
      if (!Object.keys(edits).length) {
        fail("There is no edit to send yet: change an action or the summary first.");
        return;
      }
      body.edits = edits;
    }
    if (action === "reject" && !feedback.value.trim()) {
      fail("Say what should change: a rejection needs feedback.", feedback);
      return;
    }
    if (feedback.value.trim() && action !== "approve") body.feedback = feedback.value.trim();
    send(body, {
      sending: action === "reject" ? "Sending the feedback; the draft is being revised…" : "Sending…",
      done: { approve: "Approved", edit: "Edits applied", reject: "Sent" }[action],
    });
  }

  for (const [action, button] of Object.entries(buttons)) button.addEventListener("click", () => decide(action));
  section = h("section", { class: "card decision", "aria-labelledby": "decision-title" },
    h("h2", { id: "decision-title" }, "Your decision"),
    h("label", { for: "feedback" }, "Feedback"),
    feedback,
    h("p", { id: "feedback-help", class: "help" },
      "Required to reject: what should change (“only 2 hours a week”, “no management”). Kept through every revision."),
    acknowledge ? h("p", { class: "acknowledge" }, acknowledge, " ",
      h("label", { for: "acknowledge" }, `I have read the ${plural(errorCount, "error")} the guards found and approve anyway`)) : null,
    error,
    h("div", { class: "actions" },
      allowed.has("approve") ? buttons.approve : null,
      allowed.has("edit") ? buttons.edit : null,
      allowed.has("reject") ? buttons.reject : null),
    pending.kind === "assessment_review" && allowed.has("edit") ? rolePicker(pending.roles || [], send, fail) : null,
    view.status !== "awaiting_review" ? badge(view.status) : null);
  return section;
}

/** A coach places the person in a role of the catalog (or none of them): the assessment is redone on it. */
function rolePicker(roles, send, fail) {
  if (!roles.length) return null;
  const select = h("select", { id: "role-pick", "aria-describedby": "role-pick-help" },
    h("option", { value: "" }, "Choose a role…"),
    roles.map((role) => h("option", { value: role.value }, role.label)));
  const redo = h("button", { type: "button" }, "Redo the assessment on this role");
  redo.addEventListener("click", () => {
    const chosen = roles.find((role) => role.value === select.value);
    if (!chosen) {
      fail("Choose a role first.", select);
      return;
    }
    send({ action: "edit", edits: { role_id: chosen.value } }, {
      sending: `Redoing the assessment on “${chosen.label}”…`,
      done: `Redone on “${chosen.label}”`,
    });
  });
  return h("div", { class: "role-pick" },
    h("h3", {}, "Or place the person in another role"),
    h("label", { for: "role-pick" }, "Redo the assessment on"),
    select,
    h("p", { id: "role-pick-help", class: "help" },
      "The assessment is written again for the role you pick, and says what changed; “None of these” says no role "
      + "of the catalog is theirs."),
    h("div", { class: "actions" }, redo));
}
