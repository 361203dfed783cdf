"""What the app holds while it runs: built by the lifespan, reached through `api.deps`."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.auth import KeyCache
from knowledge.base import KnowledgeBase
from sessions.db import Database
from sessions.documents import PrivateScopes
from sessions.events import EventHub
from sessions.service import SessionService
from settings import Settings


@dataclass(frozen=True)
class AppRuntime:
    settings: Settings
    database: Database
    kb: KnowledgeBase
    hub: EventHub
    service: SessionService
    documents: PrivateScopes
    keys: KeyCache = field(default_factory=KeyCache)
