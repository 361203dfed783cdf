"""The LLM engine against a real OpenAI-compatible HTTP server that injects faults.

Every session either completes or fails with a message, and resumes once the fault clears, with nothing lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from openai import InternalServerError

from agents.deps import AgentDeps
from agents.engines import build_deps
from agents.llm import StructuredOutputError, call_structured
from agents.models import load_chat_model
from domain.assessment import Assessment
from evals.personas import PERSONAS
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.llm_script import Script
from tests.support.openai_stub import Fault, OpenAIStub, schema_responder

pytestmark = pytest.mark.integration
MAX_RETRIES = 2
ANSWERS = PERSONAS["manual_qa"][2]


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    script = Script(malformed_first_assessment=False)

    def factory(name: str, messages: list[dict[str, Any]]) -> Any:
        return script(name, [HumanMessage(content=str(m.get("content", ""))) for m in messages])

    with OpenAIStub(schema_responder(factory), timeout_s=3.0) as server:
        yield server


class LLMSession:
    def __init__(self, stub: OpenAIStub, kb: KnowledgeBase) -> None:
        settings = Settings(engine="llm", llm_base_url=stub.base_url, llm_model="stub", llm_api_key="test-key",
                            llm_max_retries=MAX_RETRIES, llm_timeout_s=1.0)
        self.deps: AgentDeps = build_deps(settings, kb)
        self.graph: CompiledStateGraph[Any, Any, Any, Any] = make_graph(InMemorySaver(serde=make_serde()))
        self.config: Any = {"configurable": {"thread_id": "faults"}}

    def step(self, value: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.graph.invoke(value, self.config, context=self.deps)
        return result

    def answer(self, result: dict[str, Any]) -> dict[str, Any]:
        payload = pending_interrupt(result)
        assert payload is not None
        if payload["kind"] == "question":
            return self.step(Command(resume={"answer": ANSWERS.answer_for(payload["field"], payload["attempt"])}))
        return self.step(Command(resume={"action": "approve"}))

    def run(self, result: dict[str, Any]) -> dict[str, Any]:
        while pending_interrupt(result) is not None:
            result = self.answer(result)
        return result


def test_transient_faults_are_retried_by_one_layer_and_the_session_completes(stub: OpenAIStub,
                                                                              kb: KnowledgeBase) -> None:
    session = LLMSession(stub, kb)
    first = session.step({})
    stub.inject(Fault.RATE_LIMIT, Fault.UNAVAILABLE)
    stub.reset_counters()
    second = session.answer(first)
    assert pending_interrupt(second) is not None
    assert stub.requests == 3, "two faults retried by the client, then the answer: no stacked retry layers"
    stub.inject(Fault.TIMEOUT)
    final = session.run(second)
    assert final["phase"] == "completed"


def test_a_persistent_fault_fails_the_run_with_a_message_then_resumes(stub: OpenAIStub, kb: KnowledgeBase) -> None:
    session = LLMSession(stub, kb)
    first = session.step({})
    state_before = session.graph.get_state(session.config)
    stub.inject(*[Fault.SERVER_ERROR] * (MAX_RETRIES + 1))
    stub.reset_counters()
    with pytest.raises(InternalServerError):
        session.answer(first)
    assert stub.requests == MAX_RETRIES + 1, "HTTP calls per failing request stay at the configured maximum"
    after = session.graph.get_state(session.config)
    assert after.values["profile"] == state_before.values["profile"], "nothing half-applied"
    # The fault clears: resuming re-runs the failed step with the answer already recorded.
    resumed = session.step(None)
    assert pending_interrupt(resumed) is not None
    assert session.graph.get_state(session.config).values["profile"].current_role
    assert session.run(resumed)["phase"] == "completed"


@pytest.mark.parametrize("fault", [Fault.MALFORMED_JSON, Fault.REFUSAL, Fault.INVALID_BODY])
def test_one_bad_reply_is_repaired(stub: OpenAIStub, kb: KnowledgeBase, fault: Fault) -> None:
    session = LLMSession(stub, kb)
    first = session.step({})
    stub.inject(fault)
    second = session.answer(first)
    assert pending_interrupt(second) is not None
    assert session.run(second)["phase"] == "completed"


def test_two_bad_replies_to_a_reading_leave_the_rules_reading_and_the_session_goes_on(stub: OpenAIStub,
                                                                                     kb: KnowledgeBase) -> None:
    session = LLMSession(stub, kb)
    first = session.step({})
    stub.inject(Fault.MALFORMED_JSON, Fault.REFUSAL)
    second = session.answer(first)
    assert pending_interrupt(second) is not None
    assert session.graph.get_state(session.config).values["profile"].current_role, "the rules' reading stands"
    assert session.run(second)["phase"] == "completed"


def test_two_bad_replies_to_a_draft_leave_the_catalogs_draft_and_the_session_completes(stub: OpenAIStub,
                                                                                      kb: KnowledgeBase) -> None:
    session = LLMSession(stub, kb)
    result = session.step({})
    while (payload := pending_interrupt(result)) is not None and payload["kind"] == "question":
        result = session.answer(result)
    stub.inject(Fault.MALFORMED_JSON, Fault.REFUSAL)  # the profile confirmed: the assessment is drafted by the model
    result = session.answer(result)
    payload = pending_interrupt(result)
    assert payload is not None and payload["kind"] == "assessment_review", "never worse than the catalog"
    assert session.run(result)["phase"] == "completed"


def test_two_bad_replies_fail_the_call_clearly(stub: OpenAIStub) -> None:
    settings = Settings(engine="llm", llm_base_url=stub.base_url, llm_model="stub", llm_api_key="test-key",
                        llm_max_retries=MAX_RETRIES, llm_timeout_s=1.0)
    stub.inject(Fault.MALFORMED_JSON, Fault.REFUSAL)
    with pytest.raises(StructuredOutputError, match="after one repair attempt"):
        call_structured(load_chat_model(settings), Assessment, [HumanMessage(content="assess")], name="faults")
