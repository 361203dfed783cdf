"""OpenAPI links: how the id a response returns feeds the next request. A client (or a stateful tester such as
schemathesis) follows them from starting a session to reading, resuming, retrying, planning and deleting it:
the session's id comes from `id`, the pending interrupt's from `pending.id`.

Operations are found by method and path, not by FastAPI's generated operation ids; a link whose target the
document lacks is left out.
"""

from __future__ import annotations

from typing import Any

SESSION = "/v1/sessions/{session_id}"
SESSION_ID = {"path.session_id": "$response.body#/id"}
# Each link: its name, the target (method, path), what it says, and whether it answers the pending interrupt.
TARGETS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("GetSession", "get", SESSION, "Read the session.", False),
    ("ResumeSession", "post", f"{SESSION}/resume", "Answer the pending question or decide the pending review, "
     "naming it by `pending.id`.", True),
    ("RetrySession", "post", f"{SESSION}/retry", "Re-run the session if its last run failed.", False),
    ("DeleteSession", "delete", SESSION, "Delete the session.", False),
    ("GetPlan", "get", f"{SESSION}/plan", "The session's current plan.", False),
    ("GetPlanVersions", "get", f"{SESSION}/plan/versions", "The plan as it stood at each review.", False),
    ("GetHistory", "get", f"{SESSION}/history", "The session's checkpoints.", False),
    ("GetEvents", "get", f"{SESSION}/events", "The session's events.", False),
    ("GetTraces", "get", f"{SESSION}/traces", "The session's runs.", False),
)
# Where the links start: the responses that return a session as it stands. Resume and retry return one too,
# but a link from them would make a stateful tester also call them with made-up ids (an operation that creates
# and links onward is taken for an entry point); reading the session again leads on to the next resume.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("post", "/v1/sessions", "201"),
    ("get", SESSION, "200"),
)


def _link(operation_id: str, description: str, answers_pending: bool) -> dict[str, Any]:
    link: dict[str, Any] = {"operationId": operation_id, "description": description, "parameters": SESSION_ID}
    if answers_pending:
        link["requestBody"] = {"interrupt_id": "$response.body#/pending/id"}
    return link


def add_links(openapi: dict[str, Any]) -> None:
    """Add the session links to every response that returns a session."""
    paths = openapi.get("paths", {})
    links: dict[str, Any] = {}
    for name, method, path, description, answers_pending in TARGETS:
        operation_id = paths.get(path, {}).get(method, {}).get("operationId")
        if operation_id:
            links[name] = _link(operation_id, description, answers_pending)
    for method, path, status in SOURCES:
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is not None and links:
            response["links"] = dict(links)
