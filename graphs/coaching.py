"""The coaching graph: wiring only. Each node lives with its agent (or, for human checkpoints, beside this).

`graph` is the compiled graph LangGraph's own server loads (`langgraph.json`): no checkpointer (the server brings
its own), cheap to build, no I/O. The API compiles the same builder with its checkpointer (`make_graph`).
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.store.base import BaseStore

from agents.assessor.node import ask, assess, intake, interview
from agents.planner.node import plan
from agents.reviewer.node import review
from domain.state import CoachInput, CoachOutput, CoachState
from graphs.checkin import checkin_ask, checkin_start, recall, remember_node
from graphs.checkpoints import assessment_review, finalize, plan_review, profile_review
from graphs.context import CoachContext, with_deps
from graphs.conversation import announce, inbox

# Which agent each node belongs to: tracing names its spans after these.
AGENT_NODES: dict[str, str] = {"interview": "assessor", "assess": "assessor", "plan": "planner", "review": "reviewer"}


def build_graph() -> StateGraph[CoachState, Any, Any, Any]:
    builder: StateGraph[CoachState, Any, Any, Any] = StateGraph(
        CoachState, context_schema=CoachContext, input_schema=CoachInput, output_schema=CoachOutput)
    builder.add_node("inbox", inbox)
    builder.add_node("intake", intake)
    builder.add_node("interview", with_deps(interview))
    builder.add_node("announce", with_deps(announce))
    builder.add_node("ask", with_deps(ask))
    builder.add_node("profile_review", with_deps(profile_review))
    builder.add_node("assess", with_deps(assess))
    builder.add_node("assessment_review", with_deps(assessment_review))
    builder.add_node("plan", with_deps(plan))
    builder.add_node("review", with_deps(review))
    builder.add_node("plan_review", with_deps(plan_review))
    builder.add_node("finalize", finalize)
    builder.add_node("recall", recall)
    builder.add_node("checkin_start", checkin_start)
    builder.add_node("checkin_ask", checkin_ask)
    builder.add_node("remember", remember_node)
    builder.add_edge(START, "inbox")  # a new thread, a check-in, or a chat message at a pending interrupt
    builder.add_edge("intake", "recall")
    # A pending question (the interview's or a check-in's), or the end of the interview (the person checks what was
    # understood): announced, then asked.
    builder.add_edge("checkin_start", "announce")
    builder.add_edge("interview", "announce")
    builder.add_edge("assess", "announce")
    builder.add_edge("plan", "review")
    builder.add_edge("finalize", "remember")
    builder.add_edge("remember", END)
    return builder


def make_graph(checkpointer: BaseCheckpointSaver[Any] | None = None,
               store: BaseStore | None = None) -> CompiledStateGraph[Any, Any, Any, Any]:
    """The graph with the API's checkpointer and memory store (LangGraph's server brings its own of both)."""
    return build_graph().compile(checkpointer=checkpointer, store=store, name="coaching")


graph = make_graph()
