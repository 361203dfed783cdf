// A person's sessions (coaches and admins: everyone's), newest first, and the button that starts a new one.

import { ApiError, get, isStaff, post } from "../api.js";
import { announce, badge, h, replace, shortId, when } from "../dom.js";
import { go } from "../main.js";
import { STATUS_TEXT } from "./words.js";

export async function renderSessions(main) {
  const sessions = await get("/sessions?limit=100");
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const start = h("button", { type: "button", class: "primary" }, "Start a new session");
  start.addEventListener("click", async () => {
    start.disabled = true;
    start.textContent = "Starting…";
    error.hidden = true;
    try {
      const view = await post("/sessions");
      announce("Session started: the first question is waiting.");
      go(`#/sessions/${view.id}`);
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.message : String(failure);
      error.hidden = false;
      start.disabled = false;
      start.textContent = "Start a new session";
    }
  });
  const list = sessions.length
    ? h("ul", { class: "cards", "aria-label": "Sessions" }, sessions.map((session) => h("li", { class: "card" },
      h("h2", { class: "card-title" },
        h("a", { href: `#/sessions/${session.id}` },
          isStaff() && session.owner_name ? `${session.owner_name}'s session` : `Session of ${when(session.created_at)}`)),
      h("p", {}, badge(session.status), " ", STATUS_TEXT[session.status] || ""),
      h("p", { class: "muted" }, `Started ${when(session.created_at)} · id ${shortId(session.id)}`))))
    : h("p", { class: "empty" }, "No sessions yet. Start one: it begins with a few questions about your work.");
  replace(main, h("section", { class: "page" },
    h("h1", {}, isStaff() ? "Sessions" : "My sessions"),
    h("div", { class: "actions" }, start),
    error,
    list));
}
