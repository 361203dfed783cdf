"""Property-based tests over the OpenAPI document (schemathesis): no 5xx, responses conform to the schema.

The app is built when this module is collected and served once, under uvicorn on a loopback port, by a module
fixture: every case, and every request a check sends again on its own (without auth, say), goes to that one
server, whatever a schemathesis version does with an ASGI app of its own (4.15 runs the whole lifespan per call).
(`schemathesis.pytest.from_fixture` would defer even the build, but it does not run under pytest 9.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
import uvicorn
from schemathesis.specs.openapi.checks import (
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
)

from api.app import create_app
from localmodel import free_port
from sessions.bootstrap import IssuedKey
from settings import Limits, load_settings

DATA_DIR = Path(tempfile.gettempdir()) / f"coach-schemathesis-{os.getpid()}"
KEYS: list[IssuedKey] = []
# The checks send many bad keys from one address on purpose (and expect 401), and start many sessions (a check-in's
# body has examples of its own): bad-key throttling and the rate of starts are set out of reach.
LIMITS = Limits(bad_keys="1000000/minute", session_creates="1000000/minute")
APP = create_app(load_settings(data_dir=DATA_DIR, limits=LIMITS), on_admin_key=KEYS.append)
schema = schemathesis.openapi.from_dict(APP.openapi())
STARTUP_TIMEOUT_S = 60.0


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The app on a free loopback port; its first start creates the admin key the cases send."""
    server = uvicorn.Server(uvicorn.Config(APP, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        shutil.rmtree(DATA_DIR, ignore_errors=True)


@schemathesis.check
def missing_required_header_but_the_other_key(ctx: Any, response: Any, case: schemathesis.Case[Any]) -> bool | None:
    """`missing_required_header`, except for X-Api-Key: the two key headers are alternatives (security: Bearer or
    X-Api-Key), and the cases always send the Bearer key, so a request without X-Api-Key is rightly accepted."""
    data = case.meta.phase.data if case.meta is not None else None
    if str(getattr(data, "parameter", "") or "").lower() == "x-api-key":
        return None
    result: bool | None = missing_required_header(ctx, response, case)
    return result


INT64_REFUSAL = "integer outside the 64-bit range"


@schemathesis.check
def positive_data_accepted_but_64_bit_integers(ctx: Any, response: Any, case: schemathesis.Case[Any]) -> bool | None:
    """`positive_data_acceptance`, except for an integer outside 64 bits inside a free-form object (a review's
    `edits`): JSON Schema cannot bound the numbers of an open object, and such a number is refused before routing
    (no field, storage or checkpoint holds one), with a 422 saying so."""
    if response.status_code == 422 and INT64_REFUSAL in response.text:
        return None
    result: bool | None = positive_data_acceptance(ctx, response, case)
    return result


@schema.parametrize()
@hypothesis.settings(max_examples=10, deadline=None, database=None, derandomize=True,
                     suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any], base_url: str) -> None:
    # Unknown query parameters are ignored, as FastAPI does, and the key is always sent: not "negative data".
    case.call_and_validate(base_url=base_url, headers={"Authorization": f"Bearer {KEYS[0].token}"},
                           excluded_checks=[negative_data_rejection, missing_required_header, positive_data_acceptance],
                           additional_checks=[missing_required_header_but_the_other_key,
                                              positive_data_accepted_but_64_bit_integers])
