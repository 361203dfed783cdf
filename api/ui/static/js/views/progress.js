// A person's progress on their plan: each stage and action with its state and status history, and a chart of the
// hours a week the plan asked against those reported at each check-in (SVG drawn here: nothing from another host).

import { get } from "../api.js";
import { badge, h, replace, time, when } from "../dom.js";

const SVG = "http://www.w3.org/2000/svg";
const STATE_TEXT = { done: "Done", open: "In the plan", out: "Taken out", current: "Current stage", later: "Later" };
const STATUS_TEXT = { done: "done", partly: "partly done", not_started: "not started", blocked: "blocked" };

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** Bars of planned and reported hours a week, one pair per check-in. */
export function hoursChart(points) {
  const width = 360, height = 160, pad = 28, top = Math.max(1, ...points.flatMap((p) => [p.planned, p.reported]));
  const slot = (width - pad) / Math.max(1, points.length), bar = Math.min(24, slot / 3);
  const y = (value) => height - pad - (value / top) * (height - 2 * pad);
  const bars = points.flatMap((point, i) => {
    const x = pad + i * slot + slot / 2 - bar;
    return [
      s("rect", { x, y: y(point.planned), width: bar, height: height - pad - y(point.planned), class: "bar-planned" },
        s("title", {}, `Planned: ${point.planned} h a week`)),
      s("rect", { x: x + bar, y: y(point.reported), width: bar, height: height - pad - y(point.reported), class: "bar-reported" },
        s("title", {}, `Reported: ${point.reported} h a week`)),
      s("text", { x: x + bar, y: height - 8, "text-anchor": "middle", class: "axis" }, `#${i + 1}`),
    ];
  });
  return s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "hours-chart",
    "aria-label": `Hours a week, planned against reported, at ${points.length} check-ins` },
  s("line", { x1: pad, y1: height - pad, x2: width, y2: height - pad, class: "axis-line" }),
  s("text", { x: 2, y: y(top) + 4, class: "axis" }, `${top}h`),
  ...bars);
}

function actionRow(action) {
  const last = action.history[action.history.length - 1];
  return h("tr", { class: `action-${action.state}` },
    h("td", { "data-label": "Action" }, action.title),
    h("td", { "data-label": "Stage" }, action.stage),
    h("td", { "data-label": "State" }, badge(STATE_TEXT[action.state] || action.state, action.state)),
    h("td", { "data-label": "Hours a week" }, `${action.hours_per_week}`),
    h("td", { "data-label": "At the check-ins" }, action.history.length
      ? action.history.map((p) => `${STATUS_TEXT[p.status]}${p.hours_reported != null ? ` (${p.hours_reported} h)` : ""}`).join(", ")
      : "not asked yet"),
    h("td", { "data-label": "Blocked by" }, last?.blocker || ""));
}

export async function renderProgress(main, personId) {
  const progress = await get(personId ? `/users/${personId}/progress` : "/progress");
  const heading = h("h1", {}, personId ? "Progress" : "My progress");
  if (!progress.version) {
    replace(main, h("section", { class: "page" }, heading,
      h("p", { class: "empty" }, "No approved plan yet: progress starts once a plan is approved.")));
    return;
  }
  const due = progress.next_due
    ? h("p", { class: progress.overdue ? "notice" : "muted" },
      progress.overdue ? "A check-in is due since " : "Next check-in due ", time(progress.next_due, when(progress.next_due)))
    : null;
  replace(main, h("section", { class: "page" }, heading,
    h("p", { class: "meta" }, `Plan version ${progress.version} · ${progress.checkins} check-in(s) · `,
      h("a", { href: `#/sessions/${progress.session_id}` }, "the plan")),
    due,
    h("section", { class: "card", "aria-labelledby": "stages-title" },
      h("h2", { id: "stages-title" }, "Stages"),
      h("ul", { class: "stages" }, progress.stages.map((stage) => h("li", {},
        badge(STATE_TEXT[stage.state], stage.state), ` ${stage.stage}: ${stage.goal} `,
        h("span", { class: "muted" }, `(${stage.actions_done} done, ${stage.actions_open} open`,
          stage.ratings.length ? `; goal: ${stage.ratings[stage.ratings.length - 1].label}` : "", ")"))))),
    h("section", { class: "card", "aria-labelledby": "actions-title" },
      h("h2", { id: "actions-title" }, "Actions"),
      h("table", { class: "table" },
        h("thead", {}, h("tr", {}, ["Action", "Stage", "State", "Hours a week", "At the check-ins", "Blocked by"]
          .map((label) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, progress.actions.map(actionRow)))),
    h("section", { class: "card", "aria-labelledby": "hours-title" },
      h("h2", { id: "hours-title" }, "Hours a week: planned and reported"),
      progress.hours.length
        ? [hoursChart(progress.hours), h("p", { class: "legend" },
          h("span", { class: "key-planned" }, "planned"), " ", h("span", { class: "key-reported" }, "reported"))]
        : h("p", { class: "empty" }, "No check-in yet."))));
}
