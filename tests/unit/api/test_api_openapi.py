"""Property-based tests over the OpenAPI document (schemathesis): no 5xx, responses conform to the schema.

The app is built when this module is collected but starts (lifespan: database, checkpointer, knowledge
base) only when the first case calls it. (`schemathesis.pytest.from_fixture` would defer even the build,
but it does not run under pytest 9.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import negative_data_rejection

from api.app import create_app
from sessions.bootstrap import IssuedKey
from settings import load_settings

DATA_DIR = Path(tempfile.gettempdir()) / f"coach-schemathesis-{os.getpid()}"
KEYS: list[IssuedKey] = []
APP = create_app(load_settings(data_dir=DATA_DIR), on_admin_key=KEYS.append)
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP  # calls go to the app in-process, as with `schemathesis.openapi.from_asgi`


@pytest.fixture(scope="module", autouse=True)
def _stop_the_app() -> Iterator[None]:
    yield
    asgi.shutdown_lifespans()
    shutil.rmtree(DATA_DIR, ignore_errors=True)


def _headers() -> dict[str, str]:
    if not KEYS:  # the first call starts the app, which creates the admin key
        asgi.get_client(APP).__enter__()  # type: ignore[arg-type]  # FastAPI is an ASGI app
    return {"Authorization": f"Bearer {KEYS[0].token}"}


@schema.parametrize()
@hypothesis.settings(max_examples=10, deadline=None, database=None, derandomize=True,
                     suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any]) -> None:
    # Unknown query parameters are ignored, as FastAPI does, and the key is always sent: not "negative data".
    case.call_and_validate(headers=_headers(), excluded_checks=[negative_data_rejection])
