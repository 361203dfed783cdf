// A check-in question on the session's page: how one action went (a status, the hours really spent, what blocked
// it), or what changed since (pre-filled with what is known) and how near the stage's goal the person feels.
// Picked values go as the structured answer the question's schema describes; words alone go as text.

import { announce, h } from "../dom.js";
import { numberInput, readNumber } from "./inputs.js";
import { sendResume, showError } from "./resume.js";

function choice(name, legend, options, picked) {
  return h("fieldset", { class: "choices" }, h("legend", {}, legend),
    options.map((option) => h("label", { class: "choice" },
      h("input", { type: "radio", name, value: option.value, checked: option.value === picked }), ` ${option.label}`)));
}

function pickedValue(form, name) {
  return form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
}

export function checkinCard(view, pending, { onView }) {
  const isAction = pending.step === "action";
  const hoursSchema = { type: "number", minimum: 0, maximum: 60 };
  const hours = numberInput({ id: "checkin-hours", name: "hours" }, hoursSchema);
  if (!isAction && pending.known?.hours_per_week) hours.value = pending.known.hours_per_week;
  const words = h("textarea", { id: "answer", name: "answer", rows: 2, "data-autofocus": true });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const form = h("form", { class: "answer-form checkin-form", noValidate: true },
    choice(isAction ? "checkin-status" : "checkin-rating", isAction ? "How did it go?" : "How near the stage's goal are you?",
      pending.options || [], null),
    h("div", { class: "number-field" },
      h("label", { for: "checkin-hours" }, isAction ? "Hours a week you really spent" : "Hours a week you have now"), hours),
    h("label", { for: "answer" }, isAction ? "What blocked it, or anything else (optional)" : "What changed, in your own words"),
    words, error, send);
  const busy = (flag) => { send.disabled = flag; send.textContent = flag ? "Sending…" : "Send"; };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const read = readNumber(hours, "Hours a week");
    if (read.error) {
      showError(error, read.error, hours);
      return;
    }
    const text = words.value.trim();
    let answer;
    if (isAction) {
      const status = pickedValue(form, "checkin-status");
      if (!status && !text) {
        showError(error, "Pick how it went, or say it in words.", words);
        return;
      }
      answer = status ? { status, ...(read.value !== null ? { hours_per_week: read.value } : {}),
        ...(text ? (status === "blocked" ? { blocker: text } : { text }) : {}) } : text;
    } else {
      const rating = pickedValue(form, "checkin-rating");
      const changedHours = read.value !== null && read.value !== pending.known?.hours_per_week ? read.value : null;
      answer = rating || changedHours ? { ...(rating ? { rating: Number(rating) } : {}),
        ...(changedHours ? { hours_per_week: changedHours } : {}), ...(text ? { text } : {}) } : (text || "nothing");
    }
    showError(error, "");
    const next = await sendResume(view, pending, { answer }, { onView, busy, fail: (message) => showError(error, message, words) });
    if (next?.pending?.kind === "checkin") announce(next.pending.prompt);
  });
  return h("section", { class: "card interview", "aria-labelledby": "checkin-title" },
    h("h2", { id: "checkin-title" }, `Check-in: question ${pending.asked} of ${pending.of}`),
    pending.error ? h("p", { class: "error", role: "alert" }, pending.error) : null,
    h("p", { class: "bubble coach current", id: "current-question" }, pending.prompt),
    form);
}
