"""The code stays small enough to read: no product module over 400 lines, no function over 60 (migrations aside)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ("settings", "localmodel", "domain", "knowledge", "observability", "reading", "agents", "graphs",
                    "sessions", "api", "coach")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    files = [f for package in PRODUCT_PACKAGES for f in (ROOT / package).rglob("*.py")]
    return sorted(f for f in files if "migrations" not in f.parts)


def test_the_product_packages_are_found() -> None:
    assert len(_modules()) > 50


def test_no_module_is_over_the_limit() -> None:
    sizes = {str(f.relative_to(ROOT)): len(f.read_text().splitlines()) for f in _modules()}
    long = {name: size for name, size in sizes.items() if size > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_the_limit() -> None:
    long: dict[str, int] = {}
    for module in _modules():
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if (lines := node.end_lineno - start + 1) > MAX_FUNCTION_LINES:
                    long[f"{module.relative_to(ROOT)}:{node.lineno} {node.name}"] = lines
    assert long == {}


def test_benchmarks_and_evals_do_not_import_the_tests() -> None:
    offenders = []
    for module in sorted([*(ROOT / "bench").rglob("*.py"), *(ROOT / "evals").rglob("*.py")]):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{module.relative_to(ROOT)}: {n}" for n in names if n == "tests" or n.startswith("tests.")]
    assert offenders == []
