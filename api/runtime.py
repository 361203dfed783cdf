"""What the app holds while it runs: built by the lifespan, reached through `api.deps`."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.auth import KeyCache
from api.db import Database
from api.events import EventHub
from api.runner import SessionRunner
from coach.settings import Settings
from knowledge.base import KnowledgeBase


@dataclass(frozen=True)
class AppRuntime:
    settings: Settings
    database: Database
    kb: KnowledgeBase
    hub: EventHub
    runner: SessionRunner
    keys: KeyCache = field(default_factory=KeyCache)
