"""Shared fixtures. Unit tests never reach the network: only loopback connections are allowed."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.base import KnowledgeBase
from settings import Settings, load_settings
from tests.apitest.inprocess import InProcessApi, running_api

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test: no model provider, no registry."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise RuntimeError(f"network access blocked in tests: {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.open(None)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    yield load_settings(data_dir=tmp_path / "coach")


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not beside the repository ({SEEDS}); CI has them")
    return SEEDS


@pytest.fixture
async def api(settings: Settings, kb: KnowledgeBase) -> AsyncIterator[InProcessApi]:
    """The app in-process on a fresh data directory and database, with the shared knowledge base."""
    async with running_api(settings, kb=kb) as started:
        yield started
