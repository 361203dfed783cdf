"""The graph's shape: a snapshot of the drawn graph, and langgraph.json naming importable graphs."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from graphs.coaching import make_graph

HERE = Path(__file__).parent
ROOT = HERE.parents[2]


def test_drawn_graph_matches_the_snapshot() -> None:
    # Regenerate deliberately after changing the wiring:
    #   python -c "from graphs.coaching import make_graph; print(make_graph().get_graph().draw_mermaid(), end='')"
    assert make_graph().get_graph().draw_mermaid() == (HERE / "coaching.mmd").read_text()


def test_flow_matches_the_design() -> None:
    edges = {(e.source, e.target) for e in make_graph().get_graph().edges}
    for edge in [("__start__", "intake"), ("intake", "interview"), ("interview", "ask"), ("ask", "interview"),
                 ("interview", "assess"), ("assess", "assessment_review"), ("assessment_review", "plan"),
                 ("plan", "review"), ("review", "plan"), ("review", "plan_review"), ("plan_review", "plan"),
                 ("plan_review", "finalize"), ("finalize", "__end__")]:
        assert edge in edges, edge


def test_langgraph_json_names_importable_graphs() -> None:
    config = json.loads((ROOT / "langgraph.json").read_text())
    assert config["graphs"]
    for spec in config["graphs"].values():
        path, attr = spec.rsplit(":", 1)
        module = importlib.import_module(path.removeprefix("./").removesuffix(".py").replace("/", "."))
        graph = getattr(module, attr)
        assert graph.checkpointer is None, "the exported graph must leave persistence to the platform"
        assert "interview" in graph.get_graph().nodes
