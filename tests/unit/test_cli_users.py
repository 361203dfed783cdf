"""`coach users` and `coach keys`: list, create, revoke and delete, on a real database; secrets are never listed."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner

from api.auth import KeyUse, authenticate
from coach.cli import app as cli
from sessions.accounts import key_prefix
from sessions.db import open_database
from settings import Settings


def _run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result.output


def _works(settings: Settings, token: str) -> bool:
    async def lookup() -> bool:
        async with open_database(settings) as database:
            return await authenticate(database=database, uses=KeyUse(), token=token) is not None

    return asyncio.run(lookup())


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("COACH_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("COACH_TRACING", "false")
    return settings


def test_keys_are_created_listed_and_revoked(cli_settings: Settings) -> None:
    created = _run("keys", "create", "--user", "Robin", "--role", "coach", "--expires-in", "30", "--name", "laptop")
    token = created.strip().splitlines()[-1]
    prefix = key_prefix(token)
    assert prefix is not None and "expires" in created and _works(cli_settings, token)
    second = _run("keys", "create", "--user", "Robin").strip().splitlines()[-1]  # the user exists now

    listed = _run("keys", "list", "--user", "Robin")
    assert prefix in listed and "laptop" in listed and "active" in listed and "2 keys" in listed
    assert token not in listed and second not in listed and token.split("_", 2)[2] not in listed  # the secret

    assert "Revoked key" in _run("keys", "revoke", prefix)
    assert not _works(cli_settings, token) and _works(cli_settings, second)
    assert "revoked" in _run("keys", "list")
    assert "no key with the prefix" in _run("keys", "revoke", "000000000000", code=1)
    assert "add --role" in _run("keys", "create", "--user", "Nobody", code=1)
    assert "is a coach, not a admin" in _run("keys", "create", "--user", "Robin", "--role", "admin", code=1)


def test_users_are_listed_revoked_and_deleted(cli_settings: Settings) -> None:
    ana = _run("users", "create", "Ana").strip().splitlines()[-1]
    other = _run("users", "create", "Ana", "--role", "coach").strip().splitlines()[-1]
    _run("users", "create", "Boss", "--role", "admin")
    listed = _run("users", "list")
    assert listed.count("Ana") == 2 and "3 users" in listed

    ambiguous = _run("users", "revoke", "Ana", code=1)
    assert "2 users are named 'Ana'" in ambiguous and "by its id" in ambiguous
    ana_id = next(line.split()[1] for line in listed.splitlines() if "coachee" in line)
    assert "Revoked 1 keys" in _run("users", "revoke", ana_id)
    assert not _works(cli_settings, ana) and _works(cli_settings, other)

    assert "Deleted coachee Ana" in _run("users", "delete", ana_id, "--yes")
    assert "last admin" in _run("users", "delete", "Boss", "--yes", code=1)
    after = _run("users", "list")
    assert after.count("Ana") == 1 and "2 users" in after
