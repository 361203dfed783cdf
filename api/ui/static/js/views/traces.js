// A session's runs (one trace each) and one run as a waterfall: the span tree on a time axis, with pauses at
// human checkpoints, decisions, guard results and model calls with their tokens.

import { get, info } from "../api.js";
import { badge, clock, count, duration, h, humanize, money, plain, replace, shortId, time } from "../dom.js";

const PAUSED = "coach.hitl.paused";
const MODEL_KEYS = ["gen_ai.response.model", "gen_ai.request.model", "llm.model_name"];
const HIDDEN_KEYS = new Set(["session.id", "openinference.span.kind"]);

export async function renderTraces(main, sessionId, traceId) {
  const runs = await get(`/sessions/${sessionId}/traces`);
  const chosen = traceId || runs[0]?.trace_id;
  const backend = info()?.traces_url;
  const waterfallBox = h("section", { class: "card", "aria-labelledby": "waterfall-title" });
  replace(main, h("section", { class: "page" },
    h("h1", {}, "Run traces"),
    h("p", { class: "meta" }, `Session ${shortId(sessionId)} · `, h("a", { href: `#/sessions/${sessionId}` }, "open the session"),
      backend ? [" · ", h("a", { href: backend, target: "_blank", rel: "noopener noreferrer" }, "open the OTLP backend")] : null),
    runs.length ? runTable(sessionId, runs, chosen) : h("p", { class: "empty" }, "No run of this session was traced."),
    chosen ? waterfallBox : null));
  if (chosen) await drawWaterfall(waterfallBox, sessionId, chosen, runs);
}

function runTable(sessionId, runs, chosen) {
  const ordered = runs.slice().reverse();
  return h("div", { class: "table-wrap" }, h("table", { class: "table runs" },
    h("caption", {}, `${count(runs.length, "run")}, oldest first: the start, then one per answer or decision`),
    h("thead", {}, h("tr", {}, ["#", "Started", "Outcome", "Duration", "Spans", "Tokens in → out", "Cost", "Errors"]
      .map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ordered.map((run, index) => h("tr", { class: run.trace_id === chosen ? "selected" : "" },
      h("td", { "data-label": "#" }, h("a", {
        href: `#/sessions/${sessionId}/traces/${run.trace_id}`,
        "aria-current": run.trace_id === chosen ? "true" : null,
      }, `Run ${index + 1}`)),
      h("td", { "data-label": "Started" }, time(run.start, clock(run.start))),
      h("td", { "data-label": "Outcome" }, outcome(run)),
      h("td", { "data-label": "Duration" }, duration(run.duration_ms)),
      h("td", { "data-label": "Spans" }, String(run.span_count)),
      h("td", { "data-label": "Tokens in → out" }, `${run.input_tokens} → ${run.output_tokens}`),
      h("td", { "data-label": "Cost" }, money(run.cost_usd)),
      h("td", { "data-label": "Errors" }, String(run.error_count)))))));
}

function outcome(run) {
  if (run.status === "ERROR") return badge("failed", "failed");
  if (run.paused) return badge("paused for a person", "paused");
  if (!run.complete) return badge("running", "running");
  return badge("finished", "completed");
}

async function drawWaterfall(box, sessionId, traceId, runs) {
  const root = await get(`/traces/${traceId}`);
  const number = runs.length - runs.findIndex((run) => run.trace_id === traceId);
  const start = Date.parse(root.start);
  const rows = [];
  let end = start + root.duration_ms;
  (function walk(node, depth) {
    rows.push([node, depth]);
    end = Math.max(end, Date.parse(node.start) + node.duration_ms);
    for (const child of node.children || []) walk(child, depth + 1);
  })(root, 0);
  const total = Math.max(end - start, 0.001);
  replace(box,
    h("h2", { id: "waterfall-title" }, `Run ${number > 0 ? number : ""} as a waterfall`),
    h("p", { class: "muted" }, `${count(rows.length, "span")} over ${duration(total)}. `,
      "Bars show when each span ran within the run; a span's attributes and events open below its name."),
    links(sessionId, root, runs),
    h("div", { class: "table-wrap" }, h("table", { class: "table waterfall" },
      h("caption", { class: "visually-hidden" }, "Spans of the run, parents before their children"),
      h("thead", {}, h("tr", {}, ["Span", "Duration", "Details", "Timeline"].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, rows.map(([node, depth]) => spanRow(node, depth, start, total))))));
}

function links(sessionId, root, runs) {
  // A resumed run also links to the request that started it (`started_by`), which is no run of this session.
  const resumed = (root.links || []).filter((link) => link.trace_id
    && (link.attributes?.["coach.link.relation"] ?? "resumed_from") === "resumed_from");
  if (!resumed.length) return null;
  const name = (traceId) => {
    const index = runs.findIndex((run) => run.trace_id === traceId);
    return index === -1 ? `run ${shortId(traceId)}` : `run ${runs.length - index}`;
  };
  return h("p", {}, "This run continues ", resumed.map((link, index) => [index ? " and " : "",
    h("a", { href: `#/sessions/${sessionId}/traces/${link.trace_id}` }, name(link.trace_id))]),
  resumed.length > 1 ? " (it resumed where those paused)." : " (it resumed where that one paused).");
}

function attribute(node, ...keys) {
  for (const key of keys) if (node.attributes?.[key] !== undefined) return node.attributes[key];
  return undefined;
}

/** The few facts that matter most for a span of this kind: model and tokens, guard result, pause, failure. */
function highlights(node) {
  const out = [];
  const model = attribute(node, ...MODEL_KEYS);
  if (node.kind === "LLM" || model) {
    out.push(h("span", { class: "fact" }, `${model || "model"} · ${node.input_tokens} → ${node.output_tokens} tokens`,
      node.cost_usd ? ` · ${money(node.cost_usd)}` : ""));
  }
  const passed = attribute(node, "coach.guard.passed");
  if (passed !== undefined) {
    const failures = attribute(node, "coach.guard.failures");
    const failed = Array.isArray(failures) ? failures.length : 0;
    out.push(passed ? badge("guards passed", "completed")
      : h("span", {}, badge(`guards: ${count(failed, "failure")}`, "failed")));
  }
  for (const event of node.events || []) {
    if (event.name === PAUSED) {
      const kind = event.attributes?.["coach.interrupt.kind"];
      out.push(badge(`paused${kind ? `: ${humanize(kind)}` : ""}`, "paused"));
    } else if (/decision|resume|human/i.test(event.name)) {
      const action = event.attributes?.["coach.decision.action"] || event.attributes?.action;
      out.push(badge(`decision${action ? `: ${action}` : ""}`, "decision"));
    }
  }
  if (node.status === "ERROR") out.push(h("span", { class: "error-text" }, `error: ${node.status_message || "failed"}`));
  return out;
}

function spanRow(node, depth, start, total) {
  const offset = ((Date.parse(node.start) - start) / total) * 100;
  const width = Math.max((node.duration_ms / total) * 100, 0.4);
  const bar = h("div", { class: ["bar", `bar-${String(node.kind || "unknown").toLowerCase()}`, node.status === "ERROR" ? "bar-error" : ""] });
  bar.style.setProperty("--offset", `${Math.min(Math.max(offset, 0), 99.6)}%`);
  bar.style.setProperty("--width", `${Math.min(width, 100)}%`);
  const markers = (node.events || []).map((event) => {
    const marker = h("span", { class: ["marker", event.name === PAUSED ? "marker-pause" : ""], title: event.name });
    marker.style.setProperty("--offset", `${Math.min(Math.max(((Date.parse(event.timestamp) - start) / total) * 100, 0), 100)}%`);
    return marker;
  });
  const name = h("div", { class: "span-name" },
    h("span", { class: "span-title" }, node.name), " ", h("span", { class: "kind" }, humanize(String(node.kind || "").toLowerCase())));
  name.style.setProperty("--depth", String(depth));
  return h("tr", { class: node.status === "ERROR" ? "has-errors" : "" },
    h("th", { scope: "row", "data-label": "Span" }, name),
    h("td", { "data-label": "Duration" }, duration(node.duration_ms)),
    h("td", { "data-label": "Details" }, h("div", { class: "highlights" }, highlights(node)), spanDetails(node)),
    h("td", { class: "timeline", "aria-hidden": "true" }, h("div", { class: "track" }, bar, markers)));
}

function spanDetails(node) {
  const attributes = Object.entries(node.attributes || {}).filter(([key]) => !HIDDEN_KEYS.has(key));
  if (!attributes.length && !(node.events || []).length && !node.status_message) return null;
  return h("details", { class: "span-details" },
    h("summary", {}, "Attributes", h("span", { class: "visually-hidden" }, ` and events of ${node.name}`)),
    node.status_message ? h("p", { class: "error-text" }, node.status_message) : null,
    attributes.length ? h("dl", { class: "facts" }, attributes.map(([key, value]) => [h("dt", {}, key), h("dd", {}, plain(value))])) : null,
    (node.events || []).length ? h("ul", { class: "events" }, node.events.map((event) => h("li", {},
      h("strong", {}, event.name), ` at ${clock(event.timestamp)}`,
      Object.keys(event.attributes || {}).length ? `: ${plain(event.attributes)}` : ""))) : null);
}
