// The person's own checkpoint (`profile_review`): what the interview understood, field by field, the ones read with
// low confidence first and marked. Each field is corrected with the input its JSON Schema calls for (text, a list one
// item a line, a number, a choice, chips, yes or no). "Confirm" sends only the fields changed (an edit, which goes on
// to the assessment) or confirms as it is; "Tell me what's wrong" sends words, read as a correction, and the review
// comes back with what they changed.

import { info } from "../api.js";
import { announce, h } from "../dom.js";
import { canonical } from "./diff.js";
import { chipGroup, nonNull, numberInput, readNumber } from "./inputs.js";
import { sendResume, showError } from "./resume.js";

const UNSURE = "not sure - please check";
// Field corrections still unsent when words were sent instead, per session: put back on the review that comes back,
// unless the words changed that field too (the latest statement wins).
const unsent = new Map();

// --- one editor per kind of field: {element, read() -> {value} | {error}, set(value), focus} ---------------------

function labelled(id, label, input, help) {
  return [h("label", { for: id }, label), input, help ? h("p", { class: "help", id: `${id}-help` }, help) : null];
}

function textEditor(id, label, value, property) {
  const input = h("input", { id, type: "text", value: value ?? "", maxLength: property.maxLength });
  return { element: labelled(id, label, input), focus: input,
    read: () => ({ value: input.value.trim() || null }),
    set: (next) => { input.value = next ?? ""; } };
}

function linesEditor(id, label, value) {
  const items = value || [];
  const input = h("textarea", { id, rows: Math.min(8, items.length + 2), value: items.join("\n"),
    "aria-describedby": `${id}-help` });
  return { element: labelled(id, label, input, "One item a line; an empty box clears it."), focus: input,
    read: () => ({ value: input.value.split("\n").map((line) => line.trim()).filter(Boolean) }),
    set: (next) => { input.value = next.join("\n"); } };
}

function numberEditor(id, label, value, property) {
  const input = numberInput({ id, value: value ?? "", "aria-describedby": `${id}-help` }, property);
  return { element: labelled(id, label, input, "Empty if you'd rather not say."), focus: input,
    read: () => readNumber(input, label),
    set: (next) => { input.value = next ?? ""; } };
}

/** One of `options`, or not said (null); `encode`/`decode` map values to and from the <select>'s strings. */
function selectEditor(id, label, value, options, { encode = (v) => v ?? "", decode = (v) => v || null } = {}) {
  const input = h("select", { id },
    h("option", { value: "" }, "Not said"),
    options.map((option) => h("option", { value: encode(option.value) }, option.label)));
  input.value = encode(value);
  return { element: labelled(id, label, input), focus: input,
    read: () => ({ value: decode(input.value) }),
    set: (next) => { input.value = encode(next); } };
}

const YES_NO = [{ value: true, label: "Yes" }, { value: false, label: "No" }];

function yesNoEditor(id, label, value) {
  return selectEditor(id, label, value, YES_NO, {
    encode: (v) => (v === true ? "yes" : v === false ? "no" : ""),
    decode: (v) => (v === "yes" ? true : v === "no" ? false : null),
  });
}

/** Chips from the field's choices; a list, or (`asText`) one line of text such as "evenings, weekends". Items read
 * that are not among the choices show as chips too, so releasing one removes it. */
function chipsEditor(label, value, options, asText) {
  const items = asText ? String(value || "").split(",").map((item) => item.trim()).filter(Boolean) : value || [];
  const known = new Set(options.map((option) => option.value));
  const all = [...options, ...items.filter((item) => !known.has(item)).map((item) => ({ value: item, label: item }))];
  const group = chipGroup({ label, options: all, selected: items });
  return { element: group.element, focus: group.element.querySelector("button"),
    read: () => ({ value: asText ? group.values().join(", ") || null : group.values() }),
    set: (next) => {
      const chosen = new Set(asText ? String(next || "").split(", ") : next);
      all.forEach((option) => group.set(option.value, chosen.has(option.value)));
    } };
}

function editorFor(line, draft, schema, choices) {
  const id = `fix-${line.field}`;
  const value = draft[line.field];
  const property = nonNull(schema.properties?.[line.field]);
  const type = property.type || (Array.isArray(value) ? "array" : typeof value);
  const options = choices[line.field];
  if (options && (type === "array" || (type === "string" && !property.enum))) {
    return chipsEditor(line.label, value, options, type === "string");
  }
  if (options || property.enum) {
    return selectEditor(id, line.label, value, options || property.enum.map((v) => ({ value: v, label: v })));
  }
  if (type === "array") return linesEditor(id, line.label, value);
  if (type === "number" || type === "integer") return numberEditor(id, line.label, value, property);
  if (type === "boolean") return yesNoEditor(id, line.label, value);
  return textEditor(id, line.label, value, property);
}

// --- the review --------------------------------------------------------------------------------------------------

function fieldRow(line, editor, options = []) {
  // A choice the server names by its value ("mid") reads as its label ("Individual contributor").
  const shown = options.find((option) => option.value === line.value)?.label || line.value;
  const boxId = `fix-${line.field}-box`;
  const toggle = h("button", { type: "button", class: "link-button", "aria-expanded": "false", "aria-controls": boxId },
    "Correct", h("span", { class: "visually-hidden" }, ` “${line.label}”`));
  const box = h("div", { class: "fix", id: boxId, hidden: true }, editor.element);
  const open = (flag) => {
    box.hidden = !flag;
    toggle.setAttribute("aria-expanded", String(flag));
  };
  toggle.addEventListener("click", () => {
    open(box.hidden);
    if (!box.hidden) editor.focus?.focus();
  });
  const row = h("li", { class: ["understood-line", line.unsure ? "unsure" : ""] },
    h("div", { class: "line-head" },
      h("strong", {}, line.label),
      line.unsure ? h("span", { class: "badge badge-unsure" }, UNSURE) : null,
      h("span", { class: "badge badge-edited", hidden: true }, "corrected")),
    h("p", { class: "understood-value" }, shown),
    toggle, box);
  return { row, open };
}

/** The profile review card: every field understood, the corrections, Confirm, and "Tell me what's wrong". */
export function profileReview(view, pending, { onView }) {
  const schema = pending.review_configs?.[0]?.args_schema || {};
  const lines = pending.understood || [];
  const carried = unsent.get(view.id) || {};
  const fields = lines.map((line) => {
    const editor = editorFor(line, pending.draft || {}, schema, pending.choices || {});
    const initial = canonical(editor.read().value ?? null);
    const { row, open } = fieldRow(line, editor, pending.choices?.[line.field]);
    if (carried[line.field] && carried[line.field].from === initial) {
      editor.set(carried[line.field].to);
      open(true);
    }
    return { line, editor, initial, row };
  });
  const changedList = h("p", { class: "help", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", hidden: true });

  function changes() {
    return fields.map((field) => ({ field, read: field.editor.read() }))
      .filter(({ field, read }) => read.error || canonical(read.value ?? null) !== field.initial);
  }

  function refresh() {
    const changed = changes();
    for (const field of fields) {
      const edited = changed.some((change) => change.field === field);
      field.row.classList.toggle("edited", edited);
      field.row.querySelector(".badge-edited").hidden = !edited;
    }
    changedList.textContent = changed.length
      ? `Confirm sends your corrections to: ${changed.map(({ field }) => field.line.label).join(", ")}.`
      : "Nothing corrected: Confirm takes it as it is.";
  }

  const confirm = h("button", { type: "button", class: "primary" }, "Confirm");
  const words = h("textarea", { id: "profile-feedback", rows: 3, maxLength: 4000, "aria-describedby": "profile-feedback-help" });
  const tell = h("button", { type: "button" }, "Send my correction");
  let card = null;
  const busy = (flag) => card.querySelectorAll("button, input, select, textarea").forEach((control) => {
    control.disabled = flag;
  });
  const send = (body) => sendResume(view, pending, body, { onView, busy, fail: (text) => showError(error, text) });

  confirm.addEventListener("click", async () => {
    showError(error, "");
    const edits = {};
    for (const { field, read } of changes()) {
      if (read.error) {
        showError(error, read.error, field.editor.focus);
        return;
      }
      edits[field.line.field] = read.value;
    }
    const next = await send(Object.keys(edits).length ? { action: "edit", edits } : { action: "approve" });
    if (next) {
      unsent.delete(view.id);
      announce("Confirmed: the assessment is being written.");
    }
  });
  tell.addEventListener("click", async () => {
    showError(error, "");
    if (!words.value.trim()) {
      showError(error, "Say what I got wrong or missed first, in a few words.", words);
      return;
    }
    unsent.set(view.id, Object.fromEntries(changes().filter(({ read }) => !read.error)
      .map(({ field, read }) => [field.line.field, { from: field.initial, to: read.value }])));
    if (await send({ action: "reject", feedback: words.value.trim() })) announce("Updated: check what I understood again.");
  });
  fields.forEach(({ row }) => ["input", "change", "click"].forEach((type) => row.addEventListener(type, refresh)));
  refresh();

  const unsure = fields.filter(({ line }) => line.unsure);
  const sure = fields.filter(({ line }) => !line.unsure);
  const notMine = info()?.user?.id !== view.owner_id;
  card = h("section", { class: "card profile-review", "aria-labelledby": "profile-title" },
    h("h2", { id: "profile-title", tabindex: "-1" }, "Here is what I understood"),
    pending.error ? h("p", { class: "error", role: "alert" }, `Not applied: ${pending.error}`) : null,
    h("p", {}, pending.prompt),
    notMine ? h("p", { class: "notice" }, "This is the person's own check of what the interview understood; as a "
      + "coach you may confirm or correct it beside them.") : null,
    unsure.length ? [h("h3", {}, "Check these first"), h("ul", { class: "understood" }, unsure.map(({ row }) => row))] : null,
    h("h3", {}, unsure.length ? "Everything else" : "What I understood"),
    h("ul", { class: "understood" }, sure.map(({ row }) => row)),
    h("div", { class: "profile-decision" },
      error,
      h("div", { class: "actions" }, confirm), changedList,
      h("label", { for: "profile-feedback" }, "Tell me what's wrong"),
      words,
      h("p", { id: "profile-feedback-help", class: "help" },
        "In your own words, what I got wrong or missed (“not evenings, mornings only”, “I'm looking for work”). "
        + "I'll update what I understood and show it to you again."),
      h("div", { class: "actions" }, tell)));
  return card;
}
