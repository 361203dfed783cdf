// Sign in with an API key. The key stays in this tab's sessionStorage (gone when the tab closes), never in a URL.

import { ApiError, signIn, signOut } from "../api.js";
import { announce, h, replace } from "../dom.js";
import { go } from "../main.js";

export function renderSignIn(main) {
  signOut();
  const error = h("p", { class: "error", id: "signin-error", role: "alert", hidden: true });
  const input = h("input", {
    id: "api-key", name: "api-key", type: "password", "data-autofocus": true, autocomplete: "off", spellcheck: "false", required: true,
    "aria-describedby": "api-key-help signin-error",
  });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { class: "card narrow", novalidate: true },
    h("label", { for: "api-key" }, "API key"),
    input,
    h("p", { id: "api-key-help", class: "help" },
      "Your key starts with ck_. Ask your coach or administrator for one (",
      h("code", {}, "coach users create NAME --role coachee"), "). It is kept for this browser tab only."),
    error,
    button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      showError("Enter your API key.");
      return;
    }
    button.disabled = true;
    button.textContent = "Signing in…";
    try {
      const me = await signIn(key);
      announce(`Signed in as ${me.user.name} (${me.user.role}).`);
      go(["coach", "admin"].includes(me.user.role) ? "#/inbox" : "#/sessions");
    } catch (failure) {
      showError(failure instanceof ApiError ? failure.message : String(failure));
      button.disabled = false;
      button.textContent = "Sign in";
    }
  });

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }

  replace(main, h("section", { class: "page" },
    h("h1", {}, "Sign in"),
    h("p", { class: "lead" },
      "A coaching session for people whose jobs AI is reshaping: a short interview, an assessment, and a "
      + "survive · adapt · lead plan that a coach reviews."),
    form));
}
