// Building the page from data: elements are made with h(), never from HTML strings, so text from the API
// (answers, plans, span attributes) is always text. No inline styles or handlers: listeners are attached here.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "value") {
      el.value = value;
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== "string") {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let liveTimer = null;

/** Says something to screen readers (and shows it in the status line) without moving focus. */
export function announce(text) {
  const live = document.getElementById("live");
  if (!live) return;
  live.textContent = text;
  live.classList.toggle("shown", Boolean(text));
  clearTimeout(liveTimer);
  if (text) liveTimer = setTimeout(() => live.classList.remove("shown"), 6000);
}

/** Moves focus to a page's heading (or another element) so keyboard and screen-reader users start there. */
export function focusFirst(root, ...selectors) {
  const order = selectors.length ? selectors : ["[data-autofocus]", "h1"];
  const target = order.map((selector) => root.querySelector(selector)).find(Boolean);
  if (!target) return;
  if (!target.hasAttribute("tabindex") && !/^(INPUT|TEXTAREA|BUTTON|SELECT|A)$/.test(target.tagName)) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus({ preventScroll: false });
}

export function humanize(key) {
  const text = String(key).replace(/^[a-z]+\./, "").replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : DATE.format(date);
}

export function clock(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : TIME.format(date);
}

export function time(iso, text = when(iso)) {
  return h("time", { datetime: iso }, text);
}

/** "3 min ago", "2 h ago": how long something has waited. */
export function ago(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return "–";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function money(usd) {
  if (!usd) return "$0";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function shortId(id) {
  return String(id || "").slice(0, 8);
}

/** A value of unknown shape as readable text (extra fields a newer server may send). */
export function plain(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(plain).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${humanize(k)}: ${plain(v)}`).join("; ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** <dl> rows for the fields of `data` not in `known`: what a newer server adds shows up instead of breaking. */
export function extraFields(data, known) {
  const rows = [];
  for (const [key, value] of Object.entries(data || {})) {
    if (known.has(key) || value === null || value === undefined || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    rows.push(h("dt", {}, humanize(key)), h("dd", {}, plain(value)));
  }
  return rows.length ? h("dl", { class: "facts extra" }, rows) : null;
}

export function badge(text, kind = text) {
  return h("span", { class: ["badge", `badge-${String(kind).replace(/[^a-z_-]/gi, "")}`] }, humanize(text));
}
