"""The graph's shape: a snapshot of the drawn graph, and langgraph.json naming graphs LangGraph's own server loads
(through its own loader, as `langgraph dev` does) with the JSON schemas Studio draws its forms from."""

from __future__ import annotations

import json
import subprocess
import sys
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
    for edge in [("__start__", "inbox"), ("inbox", "intake"), ("inbox", "checkin_start"), ("inbox", "announce"),
                 ("inbox", "__end__"), ("intake", "recall"), ("recall", "interview"), ("recall", "announce"),
                 ("profile_review", "interview"), ("interview", "announce"),
                 ("announce", "ask"), ("ask", "interview"), ("checkin_start", "announce"),
                 ("announce", "checkin_ask"), ("checkin_ask", "announce"), ("checkin_ask", "plan"),
                 ("announce", "profile_review"), ("profile_review", "assess"), ("profile_review", "announce"),
                 ("assess", "announce"), ("announce", "assessment_review"), ("assessment_review", "plan"),
                 ("plan", "review"), ("review", "plan"), ("review", "announce"), ("announce", "plan_review"),
                 ("plan_review", "plan"), ("plan_review", "finalize"), ("finalize", "remember"),
                 ("remember", "__end__")]:
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
            path, variable = spec["path"].rsplit(":", 1)
            graphs[graph_id] = _graph_from_spec(GraphSpec(id=graph_id, path=str(ROOT / path), variable=variable,
                                                          description=spec["description"]))
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
    """The key langgraph-api 0.16 reads (`allowed_json_modules`, LangChain's id: module parts, then the name) and the
    msgpack key of langgraph-cli's schema list the same types as our own checkpointer's serializer."""
    serde = json.loads((ROOT / "langgraph.json").read_text())["checkpointer"]["serde"]
    ours = sorted((t.__module__, t.__name__) for t in STATE_TYPES)
    assert sorted(map(tuple, serde["allowed_msgpack_modules"])) == ours
    assert sorted((".".join(m[:-1]), m[-1]) for m in serde["allowed_json_modules"]) == ours


def test_the_server_reads_the_serde_allowlist_and_the_description() -> None:
    from langgraph_api.config.schemas import SerdeConfig as ServerSerde
    from langgraph_cli.schemas import GraphDef
    from langgraph_cli.schemas import SerdeConfig as CliSerde

    config = json.loads((ROOT / "langgraph.json").read_text())
    serde = set(config["checkpointer"]["serde"])
    assert "allowed_json_modules" in set(ServerSerde.__annotations__) & serde, "the key the server reads"
    assert serde <= set(CliSerde.__annotations__), "every key is one langgraph.json's schema knows"
    assert set(config["graphs"]["coaching"]) <= set(GraphDef.__annotations__)
    assert "interview" in config["graphs"]["coaching"]["description"]


def test_importing_the_graph_leaves_the_chat_model_client_unloaded() -> None:
    """LangGraph's server imports the graph module at startup: the LLM engine is imported when chosen, not then."""
    probe = "import sys, graphs.coaching; print(sorted(m for m in ('langchain_openai', 'openai') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
