"""The embedded model server's pieces that need no model: launcher flags, engine settings, the missing extra."""

from __future__ import annotations

import importlib.metadata
import signal
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from localmodel import (
    INSTALL_COMMAND,
    LocalModelServer,
    LocalModelUnavailable,
    local_engine_settings,
    require_server,
    serving_local_model,
)
from localmodel.launch import parse_args, server_params
from localmodel.server import _describe_exit
from settings import load_settings


class FakeXllamacpp:
    """Stands in for the module: `CommonParams()` with the nested parameter groups the launcher sets."""

    @staticmethod
    def CommonParams() -> Any:  # noqa: N802 (the module's own name)
        return SimpleNamespace(
            model=SimpleNamespace(path=""), cpuparams=SimpleNamespace(n_threads=-1),
            cpuparams_batch=SimpleNamespace(n_threads=-1), model_alias=set(),
        )


def test_launcher_flags_become_server_params() -> None:
    args = parse_args(["-m", "m.gguf", "--alias", "tiny", "--host", "127.0.0.1", "--port", "0", "-c", "2048"])
    params = server_params(args, FakeXllamacpp)
    assert params.model.path == "m.gguf" and params.model_alias == {"tiny"}
    assert (params.hostnames, params.port, params.n_ctx) == (["127.0.0.1"], 0, 2048)
    assert (params.cpuparams.n_threads, params.cpuparams_batch.n_threads, params.n_parallel) == (1, 1, 1)
    assert (params.n_gpu_layers, params.ui, params.offline) == (0, False, True)
    batched = server_params(parse_args(["-m", "m.gguf", "-t", "2", "-tb", "3"]), FakeXllamacpp)
    assert (batched.cpuparams.n_threads, batched.cpuparams_batch.n_threads) == (2, 3)


def test_the_server_process_runs_the_launcher_on_this_interpreter(tmp_path: Any) -> None:
    command = LocalModelServer(context_size=1024)._command(tmp_path / "m.gguf", 8123)
    assert command[:3] == [sys.executable, "-m", "localmodel.launch"]
    assert parse_args(command[3:]).port == 8123 and parse_args(command[3:]).ctx_size == 1024


def test_the_embedded_model_gets_a_cpu_sized_timeout_unless_one_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_LLM_TIMEOUT_S", raising=False)
    local = local_engine_settings(load_settings(llm_local=True), base_url="http://127.0.0.1:1/v1", model="tiny")
    assert (local.engine, local.llm_base_url, local.llm_model) == ("llm", "http://127.0.0.1:1/v1", "tiny")
    assert local.llm_timeout_s > load_settings().llm_timeout_s
    explicit = load_settings(llm_local=True, llm_timeout_s=42)
    assert local_engine_settings(explicit, base_url="http://x/v1", model="tiny").llm_timeout_s == 42
    monkeypatch.setenv("COACH_LLM_TIMEOUT_S", "43")
    assert local_engine_settings(load_settings(), base_url="http://x/v1", model="tiny").llm_timeout_s == 43


def test_a_missing_extra_is_a_clear_error_before_any_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    with pytest.raises(LocalModelUnavailable, match="xllamacpp is not installed") as caught:
        require_server()
    assert INSTALL_COMMAND in str(caught.value)
    server = LocalModelServer()
    with pytest.raises(LocalModelUnavailable):
        server.start()
    assert server.pid is None and not server.running


async def test_without_the_local_flag_nothing_is_started() -> None:
    settings = load_settings()
    async with serving_local_model(settings) as used:
        assert used is settings


def test_importing_the_package_loads_no_native_server() -> None:
    code = "import sys, localmodel, localmodel.launch; assert 'xllamacpp' not in sys.modules, 'imported at import'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_exit_descriptions_name_the_signal() -> None:
    assert _describe_exit(1) == "exit code 1"
    assert _describe_exit(-signal.SIGKILL) == "SIGKILL"
    assert "AVX2" in _describe_exit(-signal.SIGILL)
