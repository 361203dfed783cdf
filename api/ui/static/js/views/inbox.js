// The coach's inbox: review checkpoints waiting across sessions, longest waiting first.

import { get, isStaff } from "../api.js";
import { ago, announce, count, h, replace, time } from "../dom.js";
import { kindText } from "./words.js";

const REFRESH_MS = 15000;

export async function renderInbox(main) {
  const body = h("div", {});
  const refresh = h("button", { type: "button" }, "Refresh");
  const page = h("section", { class: "page" },
    h("div", { class: "section-head" }, h("h1", {}, "Inbox"), refresh),
    h("p", { class: "lead" }, "Drafts waiting for a decision, longest waiting first."),
    body);

  async function load(say = false) {
    const [items, due] = await Promise.all([get("/inbox?limit=200"), isStaff() ? get("/progress/due") : null]);
    replace(body, items.length ? table(items) : h("p", { class: "empty" }, "Nothing waits for a review."),
      due ? [h("h2", {}, "Check-ins due"),
        due.length ? dueTable(due) : h("p", { class: "empty" }, "Nobody's check-in is due.")] : null);
    if (say) announce(`Inbox: ${count(items.length, "review")} waiting.`);
  }

  refresh.addEventListener("click", () => load(true).catch((error) => announce(error.message)));
  await load();
  replace(main, page);
  const timer = setInterval(() => { if (!document.hidden) load().catch(() => {}); }, REFRESH_MS);
  return () => clearInterval(timer);
}

function table(items) {
  return h("table", { class: "table" },
    h("caption", { class: "visually-hidden" }, "Pending reviews"),
    h("thead", {}, h("tr", {},
      ["Who", "What", "Since", "Guard issues", "Draft", ""].map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, items.map((item) => h("tr", { class: item.error_count ? "has-errors" : "" },
      h("td", { "data-label": "Who" }, item.owner_name),
      h("td", { "data-label": "What" }, kindText(item.kind)),
      h("td", { "data-label": "Since" }, time(item.waiting_since, ago(item.waiting_since))),
      h("td", { "data-label": "Guard issues" },
        item.issue_count ? `${item.issue_count}${item.error_count ? ` (${count(item.error_count, "error")})` : ""}` : "none"),
      h("td", { "data-label": "Draft" }, item.summary || ""),
      h("td", {}, h("a", { class: "button", href: `#/review/${item.session_id}` },
        "Review", h("span", { class: "visually-hidden" }, ` ${item.owner_name}'s ${kindText(item.kind).toLowerCase()}`)))))));
}

function dueTable(items) {
  return h("table", { class: "table" },
    h("caption", { class: "visually-hidden" }, "Check-ins due"),
    h("thead", {}, h("tr", {}, ["Who", "Due", "Last check-in", ""].map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, items.map((item) => h("tr", {},
      h("td", { "data-label": "Who" }, item.name),
      h("td", { "data-label": "Due" }, item.next_due ? time(item.next_due, ago(item.next_due)) : "",
        item.quiet ? " · no check-in for four weeks" : ""),
      h("td", { "data-label": "Last check-in" }, item.last_checkin_at ? time(item.last_checkin_at, ago(item.last_checkin_at)) : "none yet"),
      h("td", {}, h("a", { class: "button", href: `#/people/${item.person_id}/progress` },
        "Progress", h("span", { class: "visually-hidden" }, ` of ${item.name}`)))))));
}
