"""The app in-process: `create_app` under its lifespan, with httpx clients over ASGITransport (for the tests and
the benchmarks)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from fastapi import FastAPI

from agents.deps import AgentDeps
from api.app import create_app
from api.runtime import AppRuntime
from evals.http import bearer
from knowledge.base import KnowledgeBase
from sessions import crud
from sessions.bootstrap import IssuedKey, issue_user
from sessions.tables import Role
from settings import Settings


@dataclass
class InProcessApi:
    app: FastAPI
    admin_key: str
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def runtime(self) -> AppRuntime:
        runtime = self.app.state.runtime
        assert isinstance(runtime, AppRuntime)
        return runtime

    def client(self, token: str | None = None) -> httpx.AsyncClient:
        headers = bearer(token) if token else {}
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://test",
                                   headers=headers, timeout=60)
        self.clients.append(client)
        return client

    async def decision_ids(self, session_id: str) -> list[str]:
        """The interrupts the session's recorded decisions answered, oldest first."""
        async with self.runtime.database.sessions() as db:
            return [d.interrupt_id for d in await crud.list_decisions(db=db, session_id=session_id)]

    async def user(self, role: Role = "coachee", name: str | None = None) -> tuple[IssuedKey, httpx.AsyncClient]:
        issued = await issue_user(database=self.runtime.database, name=name or f"a {role}", role=role)
        return issued, self.client(issued.token)


@asynccontextmanager
async def running_api(settings: Settings, *, kb: KnowledgeBase | None = None, deps: AgentDeps | None = None
                      ) -> AsyncIterator[InProcessApi]:
    keys: list[IssuedKey] = []
    app = create_app(settings, kb=kb, deps=deps, on_admin_key=keys.append)
    async with app.router.lifespan_context(app):
        api = InProcessApi(app=app, admin_key=keys[0].token if keys else "")  # no key when restarted
        try:
            yield api
        finally:
            for client in api.clients:
                await client.aclose()
