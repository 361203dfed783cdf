// Inputs built from what the API describes: options ({value, label}) as chips (toggle buttons with aria-pressed in a
// labelled fieldset), and numbers bounded by a JSON Schema property.

import { h } from "../dom.js";

/** Returns {element, values(), set(value, pressed), disable(flag)}; `onChange(value, pressed)` after each press. */
export function chipGroup({ label, options, selected = [], single = false, help = "", onChange = () => {} }) {
  const pressed = new Set(selected);
  const buttons = new Map(options.map((option) => [option.value,
    h("button", { type: "button", class: "chip", "aria-pressed": String(pressed.has(option.value)) }, option.label)]));

  function set(value, on) {
    const button = buttons.get(value);
    if (!button) return;
    if (on) pressed.add(value);
    else pressed.delete(value);
    button.setAttribute("aria-pressed", String(on));
  }

  for (const [value, button] of buttons) {
    button.addEventListener("click", () => {
      const on = !pressed.has(value);
      if (on && single) [...pressed].forEach((other) => set(other, false));
      set(value, on);
      onChange(value, on);
    });
  }
  const element = h("fieldset", { class: "chip-group" },
    h("legend", {}, label),
    help ? h("p", { class: "help" }, help) : null,
    h("div", { class: "chips" }, [...buttons.values()]));
  return {
    element,
    values: () => options.map((option) => option.value).filter((value) => pressed.has(value)),
    set,
    disable: (flag) => { element.disabled = flag; },
  };
}


/** The branch of a JSON Schema that is not null: `anyOf [X, {type: null}]` is X. */
export function nonNull(schema) {
  const branches = schema?.anyOf || [];
  return branches.find((branch) => branch.type !== "null") || schema || {};
}

/** A number input whose bounds and step come from a JSON Schema property (half steps unless it is an integer). */
export function numberInput(attrs, schema = {}) {
  const number = nonNull(schema);
  const step = number.type === "integer" ? 1 : 0.5;
  const min = number.exclusiveMinimum !== undefined ? number.exclusiveMinimum + step : number.minimum;
  return h("input", { ...attrs, type: "number", min, max: number.maximum, step, inputMode: "decimal" });
}

/** {value} (a number, or null when empty) or {error} in words for a number input. */
export function readNumber(input, what) {
  if (input.value === "" && !input.validity.badInput) return { value: null };
  if (input.checkValidity()) return { value: Number(input.value) };
  const whole = input.step === "1";
  const range = [input.min, input.max].every((bound) => bound !== "") ? ` from ${input.min} to ${input.max}` : "";
  return { error: `${what}: give ${whole ? "a whole number" : "a number"}${range}${whole ? "" : ", in half steps"}.` };
}
