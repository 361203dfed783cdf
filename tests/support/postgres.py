"""A throwaway PostgreSQL database per test, on the server at 127.0.0.1:5432.

Without a server the test skips with the reason; under CI (CI=true) a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

ADMIN_DSN = os.environ.get("COACH_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI but unreachable at {ADMIN_DSN}: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {ADMIN_DSN} ({exc}); these tests need it")


@contextmanager
def temporary_database(prefix: str = "coach_test") -> Iterator[str]:
    """Create a uniquely named database, yield its psycopg URL, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
