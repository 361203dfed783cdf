// The page's router: routes live after the "#", so the server serves one page and the key never enters a URL.
// Each view renders into <main> and may return a cleanup function (closing its live stream) for when the route changes.

import { ApiError, info, isStaff, signOut, signedIn } from "./api.js";
import { announce, focusFirst, h, replace } from "./dom.js";
import { renderInbox } from "./views/inbox.js";
import { renderOperator } from "./views/operator.js";
import { renderProgress } from "./views/progress.js";
import { renderReview } from "./views/review.js";
import { renderSession } from "./views/session.js";
import { renderSessions } from "./views/sessions.js";
import { renderSignIn } from "./views/signin.js";
import { renderTraces } from "./views/traces.js";

const ROUTES = [
  [/^#\/signin$/, renderSignIn, { public: true }],
  [/^#\/sessions$/, renderSessions],
  [/^#\/sessions\/([\w-]+)$/, renderSession],
  [/^#\/sessions\/([\w-]+)\/traces(?:\/([0-9a-f]{32}))?$/, renderTraces],
  [/^#\/inbox$/, renderInbox],
  [/^#\/review\/([\w-]+)$/, renderReview],
  [/^#\/operator$/, renderOperator],
  [/^#\/progress$/, renderProgress],
  [/^#\/people\/([0-9a-f]+)\/progress$/, renderProgress],
];

let cleanup = null;
let rendering = 0;
let flash = "";

function home() {
  if (!signedIn()) return "#/signin";
  return isStaff() ? "#/inbox" : "#/sessions";
}

/** Shows the page at `hash`; `message` (an error that made the move) is shown at the top of that page. */
export function go(hash, { message = "" } = {}) {
  flash = message;
  if (location.hash === hash) route();
  else location.hash = hash;
}

function navLink(href, text) {
  const current = location.hash === href || location.hash.startsWith(`${href}/`);
  return h("a", { href, "aria-current": current ? "page" : null }, text);
}

function renderChrome() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!signedIn()) {
    replace(nav);
    replace(who);
    return;
  }
  const me = info();
  const links = isStaff()
    ? [navLink("#/inbox", "Inbox"), navLink("#/operator", "Operations"), navLink("#/sessions", "Sessions")]
    : [navLink("#/sessions", "My sessions"), navLink("#/progress", "My progress")];
  replace(nav, h("ul", {}, links.map((link) => h("li", {}, link))));
  replace(who,
    h("span", { class: "who-name" }, `${me.user.name} · ${me.user.role}`),
    h("button", { type: "button", class: "link-button", onclick: () => { signOut(); go("#/signin"); } }, "Sign out"));
}

async function route() {
  const hash = location.hash || "";
  if (hash === "#main") return; // the skip link
  const ticket = ++rendering;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const match = ROUTES.map(([pattern, view, options]) => [hash.match(pattern), view, options || {}])
    .find(([found]) => found);
  if (!match) {
    location.replace(home());
    return;
  }
  const [found, view, options] = match;
  if (!options.public && !signedIn()) {
    location.replace("#/signin");
    return;
  }
  renderChrome();
  // Each render paints into its own slot: a slower, older render finishing late paints into a slot no longer
  // on the page, never over the newer one.
  const main = h("div", { class: "route" });
  replace(document.getElementById("main"), main);
  const params = found.slice(1);
  try {
    const result = await view(main, ...params);
    if (ticket !== rendering) {
      if (typeof result === "function") result();
      return;
    }
    cleanup = typeof result === "function" ? result : null;
    if (flash) main.prepend(h("p", { class: "error", role: "alert" }, flash));
    flash = "";
    focusFirst(main);
  } catch (error) {
    if (ticket !== rendering) return;
    showFailure(main, error);
  }
}

/** A page that could not load: what happened, in words, and a way on. */
export function showFailure(main, error) {
  const message = error instanceof ApiError ? error.message : `Something went wrong in this page: ${error.message}`;
  replace(main, h("section", { class: "page" },
    h("h1", {}, error instanceof ApiError && error.status === 404 ? "Not found" : "This page could not load"),
    h("p", { class: "error", role: "alert" }, message),
    h("p", {}, h("a", { href: home() }, "Go to your start page"))));
  focusFirst(main);
}

window.addEventListener("coach:unauthorized", () => {
  if (!signedIn()) return;
  signOut();
  announce("Your key was not accepted any more; you have been signed out.");
  go("#/signin");
});

window.addEventListener("hashchange", route);
document.addEventListener("click", (event) => {
  const skip = event.target.closest?.("[data-skip]");
  if (!skip) return;
  event.preventDefault();
  document.getElementById("main").focus();
});

if (!location.hash || location.hash === "#/") location.replace(home()); // hashchange renders it
else route();
