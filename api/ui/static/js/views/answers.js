// The inputs of a question that says what answer it expects (`answer_kind`, `answer_schema`, `options`): a number
// for hours and years, chips for the options (and for the times ruled out), beside the free-text box, which stays.
// What was picked goes as the structured answer, with any words typed beside it as its `text`.

import { h } from "../dom.js";
import { chipGroup, nonNull, numberInput, readNumber } from "./inputs.js";

const ONE = "Pick one; press it again to clear it.";
const ANY = "Pick any that fit.";

/** The object branch of the answer's schema: what a structured answer looks like (null for text only). */
function structuredSchema(pending) {
  const schema = pending.answer_schema || {};
  return (schema.anyOf || []).find((branch) => branch.type === "object") || null;
}

function textLimit(schema) {
  return nonNull(schema.properties?.text).maxLength || Infinity;
}

function number(id, label, schema) {
  const input = numberInput({ id, name: id }, schema);
  return { input, element: h("div", { class: "number-field" }, h("label", { for: id }, label), input) };
}

const KINDS = {
  choice(options) {
    const group = chipGroup({ label: "Pick the one that fits", options, single: true, help: ONE });
    return {
      parts: [group],
      picked: () => (group.values().length ? { choice: group.values()[0] } : null),
    };
  },
  choices(options) {
    const group = chipGroup({ label: "Pick any that fit", options, help: ANY });
    return {
      parts: [group],
      picked: () => (group.values().length ? { choices: group.values() } : null),
    };
  },
  hours(options, schema) {
    const hours = number("answer-hours", "Hours a week", schema.properties?.hours_per_week);
    // A time is free or ruled out, not both: pressing it in one group releases it in the other.
    const when = chipGroup({ label: "When you're free", options, help: ANY, onChange: (v, on) => on && notWhen.set(v, false) });
    const notWhen = chipGroup({ label: "Not when", options, help: "Times that are ruled out.",
      onChange: (v, on) => on && when.set(v, false) });
    return {
      parts: [hours, when, notWhen],
      picked() {
        const read = readNumber(hours.input, "Hours a week");
        if (read.error) return read;
        const chosen = { when: when.values(), not_when: notWhen.values() };
        if (read.value === null) {
          return chosen.when.length || chosen.not_when.length
            ? { error: "Say how many hours a week in “Hours a week” (or release the times and answer in words)." }
            : null;
        }
        return { hours_per_week: read.value, ...chosen };
      },
    };
  },
  years(options, schema) {
    const years = number("answer-years", "Years in this work", schema.properties?.years);
    const level = chipGroup({ label: "Level", options, single: true, help: ONE });
    return {
      parts: [years, level],
      picked() {
        const read = readNumber(years.input, "Years in this work");
        if (read.error) return read;
        const chosen = level.values()[0];
        if (read.value === null) {
          return chosen ? { error: "Say how many years in “Years in this work” (or release the level)." } : null;
        }
        return chosen ? { years: read.value, level: chosen } : { years: read.value };
      },
    };
  },
};

/**
 * The structured inputs of `pending` (a question), or null when it takes text only. `answer(text)` is null when
 * nothing was picked (the text goes alone), `{error}` when what was picked is incomplete, else `{answer}`.
 */
export function structuredInputs(pending) {
  const schema = structuredSchema(pending);
  const build = KINDS[pending.answer_kind];
  if (!schema || !build) return null;
  const { parts, picked } = build(pending.options || [], schema);
  const element = h("div", { class: "structured" }, parts.map((part) => part.element));
  const limit = textLimit(schema);
  return {
    element,
    answer(text) {
      const chosen = picked();
      if (!chosen || chosen.error) return chosen;
      if (text.length > limit) {
        return { error: `Beside what you picked, your words can be ${limit} characters at most (now ${text.length}).` };
      }
      return { answer: text ? { ...chosen, text } : chosen };
    },
    disable(flag) {
      element.querySelectorAll("input, fieldset").forEach((control) => { control.disabled = flag; });
    },
  };
}
