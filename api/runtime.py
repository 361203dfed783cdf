"""What the app holds while it runs: built by the lifespan, reached through `api.deps`."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.auth import KeyUse, KnownKeys
from api.ratelimit import RateLimits
from api.shared_limits import NoSharedStreams, StreamLeases
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
    rates: RateLimits
    keys: KnownKeys
    key_use: KeyUse = field(default_factory=KeyUse)
    streams: StreamLeases = field(default_factory=NoSharedStreams)
    """Each user's places among open event streams, shared by every process when Redis is configured."""
