"""The graph's shape: a snapshot of the drawn graph, and langgraph.json naming graphs LangGraph's own server loads
(through its own loader, as `langgraph dev` does) with the JSON schemas Studio draws its forms from."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphs.coaching import make_graph
from graphs.serde import STATE_TYPES

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
# What `langgraph dev` sets before it imports the server (langgraph_api reads its config on import); tracing off,
# or an API key in the environment would turn LangSmith tracing on.
SERVER_ENV = {"LANGSMITH_LANGGRAPH_API_VARIANT": "local_dev", "DATABASE_URI": ":memory:", "REDIS_URI": "fake",
              "MIGRATIONS_PATH": "__inmem", "LANGGRAPH_RUNTIME_EDITION": "inmem", "LANGSMITH_TRACING": "false"}


def test_drawn_graph_matches_the_snapshot() -> None:
    # Regenerate deliberately after changing the wiring:
    #   python -c "from graphs.coaching import make_graph; print(make_graph().get_graph().draw_mermaid(), end='')"
    assert make_graph().get_graph().draw_mermaid() == (HERE / "coaching.mmd").read_text()


def test_flow_matches_the_design() -> None:
    edges = {(e.source, e.target) for e in make_graph().get_graph().edges}
    for edge in [("__start__", "intake"), ("intake", "recall"), ("recall", "interview"), ("interview", "ask"),
                 ("ask", "interview"), ("__start__", "checkin_start"), ("checkin_start", "checkin_ask"),
                 ("checkin_ask", "checkin_ask"), ("checkin_ask", "plan"), ("finalize", "remember"),
                 ("interview", "profile_review"), ("profile_review", "assess"), ("profile_review", "profile_review"),
                 ("assess", "assessment_review"), ("assessment_review", "plan"),
                 ("plan", "review"), ("review", "plan"), ("review", "plan_review"), ("plan_review", "plan"),
                 ("plan_review", "finalize"), ("remember", "__end__")]:
        assert edge in edges, edge


@pytest.fixture(scope="module")
def server_graphs() -> Iterator[dict[str, Any]]:
    """Each graph langgraph.json names, loaded by LangGraph's server code (private names: pinned in the lock)."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in SERVER_ENV.items():
            env.setenv(name, value)
        from langgraph_api.graph import GraphSpec, _graph_from_spec

        config = json.loads((ROOT / "langgraph.json").read_text())
        assert config["graphs"]
        graphs = {}
        for graph_id, spec in config["graphs"].items():
            path, variable = spec.rsplit(":", 1)
            graphs[graph_id] = _graph_from_spec(GraphSpec(id=graph_id, path=str(ROOT / path), variable=variable))
        yield graphs


def test_langgraph_json_names_graphs_the_server_loads(server_graphs: dict[str, Any]) -> None:
    for graph in server_graphs.values():
        assert graph.checkpointer is None, "the exported graph must leave persistence to the platform"
        assert "interview" in graph.get_graph().nodes


@pytest.mark.filterwarnings("ignore:`config_schema` is deprecated")  # the server's own call
def test_studio_gets_json_schemas_for_every_form(server_graphs: dict[str, Any]) -> None:
    from langgraph_api.api.assistants import _graph_schemas

    schemas = _graph_schemas(server_graphs["coaching"])
    json.dumps(schemas)  # what GET /assistants/{id}/schemas sends
    for name in ("input_schema", "output_schema", "state_schema", "context_schema"):
        assert isinstance(schemas[name], dict) and schemas[name]["type"] == "object", name
    assert set(schemas["input_schema"]["properties"]) == {"messages", "person", "follows"}
    assert {"plan", "assessment", "messages", "phase"} <= set(schemas["output_schema"]["properties"])
    context = schemas["context_schema"]["properties"]
    assert set(context) == {"engine", "model", "base_url"} and context["engine"]["enum"] == ["knowledge", "llm"]
    assert all(field.get("description") for field in context.values())


def test_langgraph_json_allows_the_state_types_our_own_checkpointer_allows() -> None:
    config = json.loads((ROOT / "langgraph.json").read_text())
    allowed = config["checkpointer"]["serde"]["allowed_msgpack_modules"]
    assert sorted(map(tuple, allowed)) == sorted((t.__module__, t.__name__) for t in STATE_TYPES)
