// Answering what a session waits for, from its own page (a question, the person's profile review): one request,
// and on a conflict (someone answered first, in another tab) the session as it is now, with the reason.

import { ApiError, get, post } from "../api.js";

/**
 * Resumes `pending` with `body`. `busy(flag)` disables the controls while the request runs; `onView(next)` shows the
 * outcome; `fail(message)` says why a request was refused (what was typed stays). Returns the new view, or null.
 */
export async function sendResume(view, pending, body, { onView, busy, fail }) {
  busy(true);
  try {
    const next = await post(`/sessions/${view.id}/resume`, { interrupt_id: pending.id, ...body });
    onView(next);
    return next;
  } catch (failure) {
    busy(false);
    if (failure instanceof ApiError && failure.status === 409) {
      onView(await get(`/sessions/${view.id}`), { message: failure.message });  // the message survives the redraw
      return null;
    }
    fail(failure instanceof ApiError ? failure.message : String(failure));
    return null;
  }
}

/** Shows `text` in an error line (role=alert), or hides it when `text` is empty; moves focus to `focus`. */
export function showError(line, text, focus) {
  line.textContent = text || "";
  line.hidden = !text;
  focus?.focus();
}
