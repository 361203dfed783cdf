"""What lasts between sessions, per person, in LangGraph's Store (`BaseStore`): the confirmed profile, each approved
plan (linked to the one it followed) and each check-in's answers.

Namespaces are `("people", person, part)`: `profile` (key `confirmed`), `plans` (key: the session that approved
it), `checkins` (key: the check-in's session). The graph reads and writes through the store it is given (the
product's SQLite or PostgreSQL store, or `langgraph dev`'s own); the session service uses the async twins to check
a check-in can start and to forget a session or a person.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from langgraph.store.base import BaseStore
from pydantic import BaseModel, ConfigDict, Field

from domain.assessment import Assessment
from domain.checkin import ActionKey, CheckinRecord, FollowUp
from domain.plan import Plan
from domain.profile import Profile
from knowledge.models import StageId

ROOT = "people"
PROFILE_KEY = "confirmed"
LIST_LIMIT = 200


class PlanMemory(BaseModel):
    """An approved plan as the memory keeps it."""

    model_config = ConfigDict(extra="forbid")

    session_id: str
    follows: str | None = Field(default=None, description="The session whose plan this one adapted.")
    version: int = Field(default=1, ge=1, description="1 for a full session's plan; +1 for each adaptation.")
    plan: Plan
    profile: Profile
    assessment: Assessment | None = None
    done: list[ActionKey] = Field(default_factory=list)
    done_stages: list[StageId] = Field(default_factory=list)
    approved_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def namespace(person: str, part: str) -> tuple[str, ...]:
    return (ROOT, person, part)


def _plan(value: dict[str, Any] | None) -> PlanMemory | None:
    return PlanMemory.model_validate(value) if value is not None else None


# --- the graph's side (sync: nodes run in worker threads) ------------------------------------------------------


def known_profile(store: BaseStore, person: str) -> Profile | None:
    item = store.get(namespace(person, "profile"), PROFILE_KEY)
    return Profile.model_validate(item.value) if item is not None else None


def checkins(store: BaseStore, person: str) -> list[CheckinRecord]:
    items = store.search(namespace(person, "checkins"), limit=LIST_LIMIT)
    return sorted((CheckinRecord.model_validate(i.value) for i in items), key=lambda r: r.at)


def follow_up(store: BaseStore, person: str, follows: str) -> FollowUp | None:
    """What a check-in on `follows` starts from, or None when the memory holds no approved plan of it."""
    item = store.get(namespace(person, "plans"), follows)
    memory = _plan(item.value if item else None)
    if memory is None:
        return None
    return FollowUp(follows=follows, profile=memory.profile, assessment=memory.assessment, plan=memory.plan,
                    done=memory.done, done_stages=memory.done_stages, history=checkins(store, person))


def version_of(store: BaseStore, person: str, follows: str | None) -> int:
    if follows is None:
        return 1
    item = store.get(namespace(person, "plans"), follows)
    memory = _plan(item.value if item else None)
    return memory.version + 1 if memory else 1


def remember(store: BaseStore, person: str, memory: PlanMemory, record: CheckinRecord | None) -> None:
    store.put(namespace(person, "profile"), PROFILE_KEY, memory.profile.model_dump(mode="json"))
    store.put(namespace(person, "plans"), memory.session_id, memory.model_dump(mode="json"))
    if record is not None:
        store.put(namespace(person, "checkins"), memory.session_id, record.model_dump(mode="json"))


# --- the service's side (async) --------------------------------------------------------------------------------


async def aplan(store: BaseStore, person: str, session_id: str) -> PlanMemory | None:
    item = await store.aget(namespace(person, "plans"), session_id)
    return _plan(item.value if item else None)


async def aplans(store: BaseStore, person: str) -> list[PlanMemory]:
    items = await store.asearch(namespace(person, "plans"), limit=LIST_LIMIT)
    return sorted((PlanMemory.model_validate(i.value) for i in items), key=lambda m: m.approved_at)


async def acheckins(store: BaseStore, person: str) -> list[CheckinRecord]:
    items = await store.asearch(namespace(person, "checkins"), limit=LIST_LIMIT)
    return sorted((CheckinRecord.model_validate(i.value) for i in items), key=lambda r: r.at)


async def aremember_plan(store: BaseStore, person: str, memory: PlanMemory) -> None:
    await store.aput(namespace(person, "plans"), memory.session_id, memory.model_dump(mode="json"))


async def aforget_session(store: BaseStore, person: str, session_id: str) -> None:
    """A deleted session's plan and check-in leave the memory, and so does the profile when it came from that
    session (it is the profile that session's plan was approved with): the profile of the latest plan left takes its
    place, and with no plan left nothing of the person is recalled."""
    plan = await aplan(store, person, session_id)
    item = await store.aget(namespace(person, "profile"), PROFILE_KEY)
    from_it = plan is not None and item is not None and Profile.model_validate(item.value) == plan.profile
    for part in ("plans", "checkins"):
        await store.adelete(namespace(person, part), session_id)
    if not from_it:
        return
    await store.adelete(namespace(person, "profile"), PROFILE_KEY)
    if left := await aplans(store, person):
        await store.aput(namespace(person, "profile"), PROFILE_KEY, left[-1].profile.model_dump(mode="json"))


async def aforget_person(store: BaseStore, person: str) -> None:
    """Everything the memory holds of a person."""
    for found in await store.alist_namespaces(prefix=(ROOT, person), limit=LIST_LIMIT):
        for item in await store.asearch(found, limit=10_000):
            await store.adelete(found, item.key)


async def aholds(store: BaseStore, person: str) -> int:
    """How many items the memory holds of a person (tests, the operator)."""
    count = 0
    for found in await store.alist_namespaces(prefix=(ROOT, person), limit=LIST_LIMIT):
        count += len(await store.asearch(found, limit=10_000))
    return count
