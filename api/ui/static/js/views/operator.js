// The operator's view: every session with its status, how long it has run, tokens, cost and errors, and a way
// into its traces. Totals come from the span store (GET /v1/sessions?usage=true).

import { get, info } from "../api.js";
import { badge, duration, h, money, replace, shortId, time } from "../dom.js";

export async function renderOperator(main) {
  const sessions = await get("/sessions?usage=true&limit=200");
  const backend = info()?.traces_url;
  replace(main, h("section", { class: "page" },
    h("h1", {}, "Operations"),
    h("p", { class: "lead" }, "Sessions, newest first: where each stands and what its runs cost."),
    backend
      ? h("p", {}, h("a", { href: backend, target: "_blank", rel: "noopener noreferrer" },
        "Open the OTLP trace backend"), h("span", { class: "muted" }, ` (${backend})`))
      : h("p", { class: "muted" }, "No OTLP backend is configured: traces are in the embedded store only."),
    sessions.length ? table(sessions) : h("p", { class: "empty" }, "No session yet.")));
}

function elapsed(session) {
  return new Date(session.updated_at).getTime() - new Date(session.created_at).getTime();
}

function table(sessions) {
  return h("div", { class: "table-wrap" }, h("table", { class: "table" },
    h("caption", { class: "visually-hidden" }, "Sessions with their totals"),
    h("thead", {}, h("tr", {}, ["Session", "Who", "Status", "Started", "Elapsed", "Run time", "Runs", "Tokens in → out",
      "Cost", "Errors", ""].map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, sessions.map((session) => {
      const usage = session.usage || {};
      const errors = (usage.error_count || 0) + (session.error ? 1 : 0);
      return h("tr", { class: errors ? "has-errors" : "" },
        h("td", { "data-label": "Session" }, h("a", { href: `#/sessions/${session.id}` }, shortId(session.id))),
        h("td", { "data-label": "Who" }, session.owner_name || shortId(session.owner_id)),
        h("td", { "data-label": "Status" }, badge(session.status), session.running ? " running" : ""),
        h("td", { "data-label": "Started" }, time(session.created_at)),
        h("td", { "data-label": "Elapsed" }, duration(elapsed(session))),
        h("td", { "data-label": "Run time" }, duration(usage.run_ms)),
        h("td", { "data-label": "Runs" }, String(usage.trace_count ?? 0)),
        h("td", { "data-label": "Tokens in → out" }, `${usage.input_tokens ?? 0} → ${usage.output_tokens ?? 0}`),
        h("td", { "data-label": "Cost" }, money(usage.cost_usd)),
        h("td", { "data-label": "Errors" }, errors
          ? h("span", { class: "error-text", title: session.error?.message || "" },
            `${errors}${session.error ? ` (${session.error.code})` : ""}`)
          : "0"),
        h("td", {}, h("a", { href: `#/sessions/${session.id}/traces` }, "Traces",
          h("span", { class: "visually-hidden" }, ` of session ${shortId(session.id)}`))));
    }))));
}
