"""The coaching graph: wiring only. Each node lives with its agent (or, for human checkpoints, beside this).

`graph` is the compiled graph LangGraph's own server loads (`langgraph.json`): no checkpointer (the server brings
its own), cheap to build, no I/O. The API compiles the same builder with its checkpointer (`make_graph`).
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agents.assessor.node import ask, assess, intake, interview
from agents.planner.node import plan
from agents.reviewer.node import review
from domain.state import CoachInput, CoachOutput, CoachState
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
    builder.add_edge(START, "inbox")
    builder.add_edge("intake", "interview")
    # A pending question, or the end of the interview (the person checks what was understood): announced, then asked.
    builder.add_edge("interview", "announce")
    builder.add_edge("assess", "announce")
    builder.add_edge("plan", "review")
    builder.add_edge("finalize", END)
    return builder


def make_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> CompiledStateGraph[Any, Any, Any, Any]:
    return build_graph().compile(checkpointer=checkpointer, name="coaching")


graph = make_graph()
