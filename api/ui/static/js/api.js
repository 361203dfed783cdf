// The one way the page talks to the server: the public /v1 API, with the key from this tab's sessionStorage
// in a header (never in a URL). Errors come back as ApiError with the API's stable code and a message for people.

const KEY = "coach.key";
const INFO = "coach.info";

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function signedIn() {
  return Boolean(apiKey() && info());
}

/** What /v1/info said at sign-in: the caller ({id, name, role}), engine, limits, traces_url. */
export function info() {
  try {
    return JSON.parse(sessionStorage.getItem(INFO) || "null");
  } catch {
    return null;
  }
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(INFO);
}

export async function signIn(key) {
  const found = await request("/info", { key });
  sessionStorage.setItem(KEY, key);
  sessionStorage.setItem(INFO, JSON.stringify(found));
  return found;
}

export function role() {
  return info()?.user?.role || "coachee";
}

export function isStaff() {
  return ["coach", "admin"].includes(role());
}

/** Whether the caller may decide a review of a session owned by `ownerId` (the API's rule, for showing buttons). */
export function mayReview(ownerId) {
  const me = info();
  if (!me) return false;
  if (me.require_coach_review) return isStaff();
  return isStaff() || me.user.id === ownerId;
}

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(describeBody(status, body, retryAfter));
    this.name = "ApiError";
    this.status = status;
    this.code = body?.code || (status === 0 ? "network" : "internal");
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export function authHeaders(key = apiKey()) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/**
 * A call to `/v1${path}`. `body` is sent as JSON; `as` is "json" (default) or "text" or "blob".
 * Throws ApiError for any status but 2xx, and for a server that does not answer (status 0).
 */
export async function request(path, { method = "GET", body, as = "json", key, signal } = {}) {
  const headers = { ...authHeaders(key ?? apiKey()), Accept: as === "json" ? "application/json" : "*/*" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(`/v1${path}`, {
      method, headers, signal, cache: "no-store", credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, null, null);
  }
  if (!response.ok) {
    let parsed = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    const error = new ApiError(response.status, parsed, response.headers.get("Retry-After"));
    if (response.status === 401) window.dispatchEvent(new CustomEvent("coach:unauthorized", { detail: error }));
    throw error;
  }
  if (response.status === 204) return null;
  if (as === "text") return response.text();
  if (as === "blob") return response.blob();
  return response.json();
}

export const get = (path, options) => request(path, options);
export const post = (path, body, options = {}) => request(path, { ...options, method: "POST", body });

function where(loc) {
  const parts = (loc || []).filter((part) => part !== "body" && part !== "query" && part !== "path");
  return parts.length ? parts.join(".") : "";
}

/** The sentence a person reads for an error, by status: what happened and what to do next. */
function describeBody(status, body, retryAfter) {
  const detail = body?.detail;
  const text = Array.isArray(detail)
    ? detail.map((item) => (where(item.loc) ? `${where(item.loc)}: ${item.msg}` : item.msg)).join("; ")
    : typeof detail === "string" ? detail : "";
  switch (status) {
    case 0:
      return "The server did not answer. Check that it is running, then try again.";
    case 401:
      return "Your API key was not accepted (unknown, revoked or mistyped). Sign in again.";
    case 403:
      return `You may not do this: ${text || "your role does not allow it"}.`;
    case 404:
      return `Not found: ${text || "it does not exist, or it is not yours to see"}.`;
    case 409:
      return `This changed meanwhile: ${text || "someone else acted first"}. The page shows what it is now.`;
    case 413:
      return `Too large: ${text || "the request is over the size limit"}. Shorten it and send again.`;
    case 422:
      return `Not accepted as sent: ${text || "some input is invalid"}.`;
    case 429: {
      const wait = Number.parseInt(retryAfter || "", 10);
      return `Too many requests${Number.isFinite(wait) ? `: try again in ${wait} s` : "; wait a moment and try again"}.`;
    }
    case 503:
      return "The server cannot take this for a moment (its database may be restarting): try again in a moment. "
        + "The page shows what it is now when it reloads.";
    default:
      return status >= 500
        ? `The server failed on this request (${status}). Reload the page to see what it is now. ${text}`.trim()
        : `The request failed (${status}): ${text}`;
  }
}
