// Live progress from GET /v1/sessions/{id}/events?follow=true. EventSource cannot send the key in a header, so
// the stream is read with fetch() and a ReadableStream reader, and parsed as server-sent events here.

import { authHeaders } from "./api.js";

const TERMINAL = new Set(["completed"]);
const MAX_DELAY_MS = 30000;

/** Parses text/event-stream chunks; calls `emit({event, data, id})` for each complete event. */
export function sseParser(emit) {
  let buffer = "";
  let event = "message";
  let data = [];
  let id = null;
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === "") {
        if (data.length) {
          let parsed = data.join("\n");
          try {
            parsed = JSON.parse(parsed);
          } catch {
            // not JSON: passed on as text
          }
          emit({ event, data: parsed, id });
        }
        event = "message";
        data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
  };
}

/**
 * Follows a session's events until it completes or `stop()` is called; reconnects with backoff after a drop.
 * `onEvent({event, data})`; `onState(state)` with "live", "reconnecting" or "off" (and the reason).
 */
export function follow(sessionId, onEvent, onState = () => {}) {
  const controller = new AbortController();
  let delay = 1000;
  (async () => {
    while (!controller.signal.aborted) {
      let finished = false;
      try {
        const response = await fetch(`/v1/sessions/${encodeURIComponent(sessionId)}/events?follow=true`, {
          headers: { ...authHeaders(), Accept: "text/event-stream" },
          signal: controller.signal, cache: "no-store", credentials: "omit",
        });
        if ([401, 403, 404].includes(response.status)) {
          onState("off", `live updates stopped (${response.status})`);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        onState("live");
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const feed = sseParser((message) => {
          if (message.event === "state" && TERMINAL.has(message.data?.status)) finished = true;
          onEvent(message);
        });
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          feed(value);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        onState("reconnecting", error.message);
      }
      if (finished) {
        onState("off", "the session is complete");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  })();
  return () => controller.abort();
}
