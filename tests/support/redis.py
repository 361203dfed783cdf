"""A redis-server of the test's own on a free loopback port (`evals.servers.redis_server`), stopped afterwards.

Without `redis-server` (`bash .ci/install-redis` installs Debian's) the test skips with the reason; under CI
(CI=true) a missing server is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evals import servers


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A new redis-server's URL."""
    with servers.redis_server(folder) as url:
        if url is None:
            reason = "redis-server is not installed (bash .ci/install-redis installs Debian's); these tests need it"
            if os.environ.get("CI") == "true":
                pytest.fail(f"required under CI: {reason}")
            pytest.skip(reason)
        yield url
