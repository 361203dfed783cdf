// One session as its coachee sees it: the interview as a conversation, one question at a time; then what the
// interview understood, to confirm or correct; then the assessment and the plan. It follows the session's events, so a run or a coach's decision shows up by itself.

import { get, info, mayReview, post, request } from "../api.js";
import { announce, badge, count, h, replace, shortId, time, when } from "../dom.js";
import { follow } from "../live.js";
import { structuredInputs } from "./answers.js";
import { checkinCard } from "./checkin.js";
import { renderAssessment, renderPlan } from "./drafts.js";
import { profileReview } from "./profile.js";
import { sendResume, showError } from "./resume.js";
import { COACH_REVIEWS, STATUS_TEXT, kindText, nodeText } from "./words.js";

const QUESTION_FIELDS = new Set(["id", "kind", "prompt", "question", "field", "question_id", "attempt", "progress",
  "allowed", "answer_kind", "answer_schema", "options"]);
// What the question says back about the last answer, when the server sends it apart from the prompt.
const REFLECTION_FIELDS = ["reflection", "reflect", "reflect_back", "heard", "acknowledgement"];

export async function renderSession(main, sessionId) {
  let view = await get(`/sessions/${sessionId}`);
  const progressLine = h("p", { class: "progress-line", "aria-live": "polite" });
  const body = h("div", { class: "session-body stack" });
  const header = h("header", { class: "page-header" });
  const page = h("section", { class: "page" }, header, progressLine, body);
  replace(main, page);

  function draw({ keepFocus = false, message = "" } = {}) {
    replace(header,
      h("h1", {}, view.follows ? "Check-in" : "Coaching session"),
      h("p", { class: "meta" }, badge(view.status), " ", STATUS_TEXT[view.status] || "", " · started ",
        time(view.created_at), ` · id ${shortId(view.id)} · `,
        h("a", { href: `#/sessions/${view.id}/traces` }, "Run traces")));
    replace(body, message ? h("p", { class: "error", role: "alert" }, message) : null,
      content(view, { onView: update, progressLine }));
    if (!keepFocus) return;
    const next = body.querySelector("#answer, #profile-title");  // the next question, or what was understood
    if (next) next.focus();
  }

  function update(next, { focus = true, message = "" } = {}) {
    const changed = next.version !== view.version || next.status !== view.status || next.running !== view.running;
    view = next;
    if (changed || message) draw({ keepFocus: focus, message });
  }

  draw();
  const stop = follow(sessionId, async ({ event, data }) => {
    if (event === "node_started") progressLine.textContent = `${nodeText(data.node)}…`;
    if (event === "run_started") progressLine.textContent = "Working…";
    if (event === "state") {
      progressLine.textContent = "";
      if (data.version !== view.version || data.status !== view.status) {
        try {
          update(await get(`/sessions/${sessionId}`), { focus: false });
          if (data.pending_kind === "profile_review") announce("Here is what I understood: please check it.");
          else if (COACH_REVIEWS.has(data.pending_kind)) announce(`${kindText(data.pending_kind)} waiting.`);
          if (data.status === "completed") announce("The plan is approved.");
        } catch {
          // the next event tries again
        }
      }
    }
  });
  return stop;
}

function content(view, context) {
  const parts = [];
  if (view.status === "failed") parts.push(failedBox(view, context));
  const pending = view.pending;
  if (pending?.kind === "question") parts.push(interview(view, pending, context));
  if (pending?.kind === "checkin") parts.push(checkinCard(view, pending, context));
  if (pending?.kind === "profile_review") parts.push(profileReview(view, pending, context));  // what was understood, then what was said
  if (pending?.kind !== "question" && (view.transcript || []).length) parts.push(h("details", { class: "card" },
    h("summary", {}, `The interview: ${count(view.transcript.length, "answer")}`), conversation(view.transcript)));
  if (pending && COACH_REVIEWS.has(pending.kind)) parts.push(waitingForReview(view, pending));
  if (view.running && !pending) parts.push(h("p", { class: "notice" }, "Working on it: this page updates by itself."));
  if (view.plan) parts.push(planSection(view));
  if (view.assessment && view.plan) {  // the plan comes first once there is one; the assessment stays at hand
    parts.push(h("details", { class: "card" },
      h("summary", {}, "Your assessment"), renderAssessment(view.assessment)));
  } else if (view.assessment) {
    parts.push(h("section", { class: "card", "aria-labelledby": "assessment-title" },
      h("h2", { id: "assessment-title" }, "Your assessment"),
      renderAssessment(view.assessment)));
  }
  return parts;
}

function failedBox(view, { onView }) {
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const retry = h("button", { type: "button", class: "primary" }, "Try again");
  retry.addEventListener("click", async () => {
    retry.disabled = true;
    try {
      onView(await post(`/sessions/${view.id}/retry`));
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      retry.disabled = false;
    }
  });
  return h("div", { class: "card failed", role: "alert" },
    h("h2", {}, "The last step failed"),
    h("p", {}, view.error?.message || "The run stopped with an error."),
    h("p", { class: "muted" }, `Code: ${view.error?.code || "internal"}. Nothing you sent was lost.`),
    retry, error);
}

function conversation(transcript, current) {
  return h("ol", { class: "chat", "aria-label": "Conversation" },
    transcript.map((turn) => [
      h("li", { class: "bubble coach" }, h("span", { class: "visually-hidden" }, "Coach: "), turn.question),
      h("li", { class: ["bubble", "me", turn.counted === false ? "not-counted" : ""] },
        h("span", { class: "visually-hidden" }, "You: "), turn.answer,
        turn.counted === false ? h("span", { class: "hint" }, " (asked again below)") : null),
    ]),
    current);
}

function interview(view, pending, { onView }) {
  const progress = pending.progress || { asked: 1, max: 1 };
  const reflection = REFLECTION_FIELDS.map((name) => pending[name]).find((value) => typeof value === "string" && value);
  const extras = Object.entries(pending)
    .filter(([key, value]) => !QUESTION_FIELDS.has(key) && !REFLECTION_FIELDS.includes(key) && typeof value === "string" && value)
    .map(([, value]) => h("p", { class: "hint" }, value));
  const again = (pending.attempt || 1) > 1;
  const current = [
    reflection ? h("li", { class: "bubble coach reflect" }, reflection) : null,
    h("li", { class: ["bubble", "coach", "current", again ? "again" : ""], id: "current-question" },
      again ? h("span", { class: "again-label" }, "Let's try that one again. ") : null,
      // The question alone when the server sends what it heard apart (shown just above); else the whole prompt.
      reflection && pending.question ? pending.question : pending.prompt, extras),
  ];
  return h("section", { class: "card interview", "aria-labelledby": "interview-title" },
    h("h2", { id: "interview-title" }, "The interview"),
    h("div", { class: "progress" },
      h("label", { for: "interview-progress" }, `Question ${progress.asked} of at most ${progress.max}`),
      h("progress", { id: "interview-progress", max: progress.max, value: progress.asked })),
    conversation(view.transcript || [], current),
    answerForm(view, pending, onView, again));
}

/** The answer: the question's structured inputs when it has them, and the free-text box, which always stays. */
function answerForm(view, pending, onView, again) {
  const limit = info()?.limits?.answer_chars || 4000;
  const structured = structuredInputs(pending);
  const answer = h("textarea", {
    id: "answer", name: "answer", rows: 3, required: !structured, maxLength: limit, "data-autofocus": true,
    "aria-describedby": "answer-help answer-error",
  });
  const counter = h("span", { class: "muted" }, `0 / ${limit}`);
  answer.addEventListener("input", () => { counter.textContent = `${answer.value.length} / ${limit}`; });
  const error = h("p", { class: "error", id: "answer-error", role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "primary" }, "Send answer");
  const form = h("form", { class: "answer-form", noValidate: true },
    structured?.element,
    h("label", { for: "answer" }, structured ? "Your answer, in your own words" : "Your answer"),
    answer,
    h("p", { id: "answer-help", class: "help" },
      again ? "Your last answer did not tell us enough for this one. " : "",
      structured ? "Use the choices above, your own words, or both. " : "In your own words. ",
      "Ctrl+Enter sends. Say “skip” to pass on a question, or “done” to finish the interview. ",
      counter),
    error, send);
  answer.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  const busy = (flag) => {
    send.disabled = flag;
    answer.readOnly = flag;
    structured?.disable(flag);
    send.textContent = flag ? "Sending…" : "Send answer";
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const words = answer.value.trim();
    const picked = structured?.answer(words);  // null: nothing picked, the words go alone
    if (picked?.error) {
      showError(error, picked.error, structured.element.querySelector("input") || answer);
      return;
    }
    if (!picked && !words) {
      showError(error, structured ? "Pick or write an answer first (or “skip”)." : "Write an answer first (or “skip”).", answer);
      return;
    }
    showError(error, "");
    const next = await sendResume(view, pending, { answer: picked ? picked.answer : answer.value }, {
      onView, busy, fail: (text) => showError(error, text, answer),
    });
    if (next?.pending?.kind === "question") announce(`Question ${next.pending.progress?.asked ?? ""}: ${next.pending.prompt}`);
  });
  return form;
}

function waitingForReview(view, pending) {
  const issues = pending.review?.issues || [];
  const mine = mayReview(view.owner_id);
  return h("div", { class: "card notice" },
    h("h2", {}, `${kindText(pending.kind)} waiting`),
    h("p", {}, pending.kind === "plan_review" ? "Your plan is drafted and waits for a review." : "Your assessment is written and waits for a review.",
      issues.length ? ` The automatic checks raised ${count(issues.length, "issue")}.` : ""),
    mine
      ? h("p", {}, h("a", { class: "button primary", href: `#/review/${view.id}` }, "Review this draft"))
      : h("p", { class: "muted" }, "Your coach reviews it; this page updates by itself when they decide."));
}

function planSection(view) {
  const status = view.status === "completed" ? "approved" : "draft";
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const name = `career-plan-${view.id.slice(0, 8)}`;
  const downloads = [downloadButton("Download as Markdown", `/sessions/${view.id}/plan?format=markdown`, `${name}.md`, error)];
  if (status === "approved") {  // a calendar of the approved plan only: a draft's sessions may still move
    downloads.push(downloadButton("Add to my calendar (.ics)", `/sessions/${view.id}/plan?format=ics`, `${name}.ics`, error));
  }
  return h("section", { class: "card", "aria-labelledby": "plan-title" },
    h("div", { class: "section-head" },
      h("h2", { id: "plan-title" }, status === "approved" ? "Your plan" : "Your plan (draft)"),
      badge(status)),
    status === "approved" ? h("p", { class: "muted" }, `Approved · last changed ${when(view.updated_at)}`) : null,
    view.follows ? h("p", { class: "muted" }, "Adapted at a check-in from ",
      h("a", { href: `#/sessions/${view.follows}` }, "the plan before"), ".") : null,
    renderPlan(view.plan),
    h("div", { class: "actions" }, ...downloads, status === "approved" ? checkInButton(view, error) : null,
      status === "approved" ? h("a", { class: "button", href: progressHref(view) }, "See progress") : null), error);
}

/** A button that fetches `path` with the caller's key (never in a URL) and saves it as `filename`. */
function downloadButton(label, path, filename, error) {
  const button = h("button", { type: "button" }, label);
  button.addEventListener("click", async () => {
    error.hidden = true;
    try {
      const url = URL.createObjectURL(await request(path, { as: "blob" }));
      const link = h("a", { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    }
  });
  return button;
}

function progressHref(view) {
  return info()?.user?.id === view.owner_id ? "#/progress" : `#/people/${view.owner_id}/progress`;
}

function checkInButton(view, error) {
  const button = h("button", { type: "button", class: "primary" }, "Check in on this plan");
  button.addEventListener("click", async () => {
    button.disabled = true;
    error.hidden = true;
    try {
      const next = await post("/sessions", { follows: view.id });
      announce("Check-in started: the first question is waiting.");
      location.hash = `#/sessions/${next.id}`;
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      button.disabled = false;
    }
  });
  return button;
}
