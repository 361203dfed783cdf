"""Stateful schemathesis against a running server: sequences of calls that follow the OpenAPI document's links
(start a session, then read, resume with `pending.id`, retry, plan, delete it), each response checked.

Used by the integration tests (small, bounded runs) and by `bench/fuzz.py` (bigger ones).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from evals.http import bearer

NO_HEALTH_CHECKS = list(hypothesis.HealthCheck)


def body_conformance(ctx: Any, response: Response, case: schemathesis.Case) -> bool | None:
    """The response body matches its documented schema; an event stream is documented as a string (its events'
    schema under `x-itemSchema`, as OpenAPI 3.1 has no `itemSchema`), so its events are not checked here."""
    if response.headers.get("content-type", [""])[0].startswith("text/event-stream"):
        return None
    result: bool | None = response_schema_conformance(ctx, response, case)
    return result


@dataclass
class StatefulRun:
    """What a run sent and what came back: calls per operation, status codes, and every failed check."""

    outcomes: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return sum(self.outcomes.values())

    @property
    def server_errors(self) -> int:
        return sum(count for (_, status), count in self.outcomes.items() if status >= 500)

    def reached(self, operation: str, status: int) -> int:
        """How many calls of `operation` ("POST /v1/sessions/{session_id}/resume") answered `status`."""
        return self.outcomes[(operation, status)]


def run_stateful(base_url: str, token: str, *, scenarios: int, steps: int, conformance: bool = True,
                 derandomize: bool = True) -> StatefulRun:
    """Run `scenarios` sequences of at most `steps` linked calls against `base_url` with the key `token`
    (the same sequences each time with `derandomize`, as far as the server's answers allow).

    Checked: no response is a server error; with `conformance`, each status code is documented and each body
    matches the documented schema. A failed check is recorded in the result, and ends that run.
    """
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    # Only the document's own links: inferred ones would start sequences at resume and retry, with made-up ids.
    schema.config.phases.stateful.inference.algorithms = []
    checks: list[Any] = [not_a_server_error]
    if conformance:
        checks += [status_code_conformance, body_conformance]
    run = StatefulRun()
    base = schema.as_state_machine()

    class Machine(base):  # type: ignore[misc,valid-type]
        def before_call(self, case: schemathesis.Case) -> None:
            if isinstance(case.query, dict) and "follow" in case.query:  # a followed stream never ends by itself
                case.query["follow"] = False

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"base_url": base_url, "headers": bearer(token), "timeout": 60}

        def validate_response(self, response: Response, case: schemathesis.Case, additional_checks: Any = None,
                              **kwargs: Any) -> None:
            run.outcomes[(case.operation.label, response.status_code)] += 1
            case.validate_response(response, checks=checks, transport_kwargs=kwargs or None,
                                   recorder=self.recorder)

    settings = hypothesis.settings(max_examples=scenarios, stateful_step_count=steps, deadline=None,
                                   database=None, derandomize=derandomize,
                                   suppress_health_check=NO_HEALTH_CHECKS, report_multiple_bugs=False)
    try:
        Machine.run(settings=settings)
    except Exception as exc:  # a failed check (or several): recorded, the run ends
        run.failures.append(f"{type(exc).__name__}: {exc}"[:4000])
    return run
