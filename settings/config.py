"""The one typed settings object. Precedence: explicit arguments > environment (``COACH_*``) > defaults."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    # model: (USD per million input tokens, USD per million output tokens)
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "smollm2-135m-instruct": (0.0, 0.0),
}


class Limits(BaseSettings):
    """Input and run limits, enforced before any model call."""

    model_config = SettingsConfigDict(env_prefix="COACH_LIMIT_", extra="ignore")

    answer_chars: int = Field(default=4000, ge=1, description="Longest accepted answer, in characters.")
    body_bytes: int = Field(default=64 * 1024, ge=1024, description="Largest accepted request body.")
    json_depth: int = Field(default=32, ge=4, le=256,
                            description="Deepest nesting of arrays and objects accepted in a JSON request body.")
    json_containers: int = Field(
        default=10_000, ge=100,
        description="Most arrays and objects in one JSON request body (a whole plan edit holds about a hundred).")
    max_questions: int = Field(
        default=10, ge=1, le=30,
        description="Most interview questions per session (empty answers cost none; required topics come first).")
    max_revisions: int = Field(default=2, ge=0, le=10, description="Most reviewer-driven plan revisions.")
    session_tokens: int = Field(default=200_000, ge=1000, description="Token budget per session (LLM engine).")
    user_doc_bytes: int = Field(
        default=5 * 1024 * 1024, ge=1,
        description="Largest document, in UTF-8 bytes: a shared one (`coach kb add`) or one a person adds via the API.")
    user_docs_per_user: int = Field(
        default=20, ge=0, description="Most documents one person may keep through the API (0: none).")
    user_doc_bytes_per_user: int = Field(
        default=10 * 1024 * 1024, ge=0,
        description="Most bytes (UTF-8) of text one person's documents may hold together; 409 beyond.")
    open_sessions_per_user: int = Field(
        default=20, ge=1,
        description="Most sessions one person may have open (not completed) at once; starting another is a 409.")
    concurrent_requests: int = Field(
        default=256, ge=1,
        description="Most requests one server process works on at once (event streams aside: they have their own "
                    "caps); beyond, 503 with Retry-After.")
    header_bytes: int = Field(
        default=32 * 1024, ge=4096, description="Largest request line and headers together; beyond, 400.")
    header_timeout_s: float = Field(
        default=10.0, gt=0,
        description="A connection that has not sent a whole request line and headers this long after it opened, or "
                    "after its last response, is closed.")
    keep_alive_s: int = Field(
        default=5, ge=1, description="An idle connection kept open after a response is closed after this many seconds.")
    streams_per_user: int = Field(
        default=10, ge=1,
        description="Most event streams (`GET .../events`) one user holds open at once: in all server processes "
                    "together with COACH_REDIS_URL, else in each one; 429 beyond.")
    streams_total: int = Field(default=500, ge=1, description="Most event streams open at once in one server process.")
    stream_buffer: int = Field(
        default=256, ge=1,
        description="Events a stream may fall behind by; a reader that slow is disconnected (a `closed` event).")
    stream_heartbeat_s: float = Field(
        default=15.0, gt=0, le=15.0, description="Seconds between heartbeat comments on a quiet event stream.")
    stream_idle_timeout_s: float = Field(
        default=900.0, gt=0, description="A stream that carried no event for this long ends (a `closed` event).")
    stream_retry_after_s: int = Field(
        default=5, ge=1, description="The Retry-After, in seconds, of a 429 refusing another event stream.")
    session_creates: str = Field(
        default="30/minute",
        description="Sessions one API key may start, in the `limits` library's notation (`30/minute`, "
                    "`5/second;30/minute`); over it, 429 with Retry-After. Counted in Redis across every server "
                    "process with COACH_REDIS_URL, else in each process.")
    resumes: str = Field(default="120/minute", description="Resumes and retries one API key may send, same notation.")
    bad_keys: str = Field(
        default="60/minute",
        description="Requests with a malformed, unknown, revoked or expired key one client address may send; "
                    "beyond it such requests get 429 instead of 401 (good keys from the address still work).")

    @field_validator("session_creates", "resumes", "bad_keys")
    @classmethod
    def _parse_rate(cls, value: str) -> str:
        from limits import parse_many

        parse_many(value)  # raises ValueError on a malformed rate
        return value


class Settings(BaseSettings):
    """Everything configurable about the coach, read once and passed explicitly."""

    model_config = SettingsConfigDict(env_prefix="COACH_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(default=Path(".coach"), description="Where the database, user index and keys live.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is SQLite in the data directory. postgresql:// selects PostgreSQL.",
    )
    database_connections: int | None = Field(
        default=None, ge=1, le=100_000,
        description="Most PostgreSQL connections one `coach serve` opens, over all its workers (each gets an equal "
                    "share, split among its pools); default: the server's max_connections less those reserved for "
                    "superusers and 10 for other clients. Set it when several machines share the database.")
    workers: int = Field(
        default=1, ge=1, le=64,
        description="Server processes sharing the database's connections (`coach serve --workers`).")
    engine: Literal["knowledge", "llm"] = Field(default="knowledge", description="Which engine the agents run on.")
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint; None means OpenAI.")
    llm_model: str = Field(default="gpt-4o-mini")
    llm_api_key: SecretStr | None = Field(default=None)
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_max_tokens: int = Field(default=2500, ge=16, description="Per call; bounded JSON schemas fit within it.")
    llm_local: bool = Field(default=False, description="Start the embedded llama.cpp server and use it.")
    require_coach_review: bool = Field(default=False, description="Only coaches may decide review checkpoints.")
    tracing: bool = Field(default=True, description="Trace every run with OpenTelemetry (embedded span store).")
    capture_content: bool = Field(default=False, description="Record (redacted) message content on spans.")
    otlp_endpoint: str | None = Field(
        default=None, description="OTLP/HTTP endpoint for spans; falls back to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT."
    )
    otlp_metrics_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP metrics endpoint (the full URL); falls back to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT "
                    "only. Without one, metrics are not exported (a trace receiver may not take metrics).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (comma-separated, or '*'); none by default.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses (or networks) of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto "
                    "are believed (comma-separated); none by default: the client's address is the connection's.",
    )
    traces_ui_url: str | None = Field(
        default=None, description="Where people browse the traces sent over OTLP (the web UI links to it); "
        "default: the OTLP endpoint's origin, where Phoenix serves its UI.",
    )
    sqlite_synchronous: Literal["FULL", "NORMAL", "EXTRA"] = Field(
        default="FULL",
        description="SQLite's `synchronous` level on every connection (WAL mode): FULL syncs the log at each commit, "
                    "so an acknowledged resume and its decision survive a power loss; NORMAL is faster and may lose "
                    "the last commits on a power loss (never on a crash of the process alone).",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis (redis://host:port/db) where every server process keeps the rate limits' counters and "
                    "each user's count of open event streams, so N processes share one limit; without it, each "
                    "process counts on its own (a key gets N times its limit behind a balancer).",
    )
    recovery_interval_s: float = Field(
        default=30.0, gt=0,
        description="How often each server process settles runs whose server process died (they are also settled "
                    "at start-up and when their session is read).",
    )
    prices: dict[str, tuple[float, float]] = Field(default_factory=lambda: dict(DEFAULT_PRICES))
    limits: Limits = Field(default_factory=Limits)

    @field_validator("llm_api_key")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        placeholders = {"", "changeme", "your-key-here", "sk-..."}
        if value is not None and value.get_secret_value().strip().lower() in placeholders:
            raise ValueError("COACH_LLM_API_KEY is a placeholder; set a real key or leave it unset")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [address.strip() for address in value.split(",") if address.strip()]
        return value

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'coach.db').resolve()}"

    @property
    def is_postgres(self) -> bool:
        return self.resolved_database_url.startswith(("postgresql", "postgres"))

    @property
    def user_index_dir(self) -> Path:
        return self.data_dir / "user_index"


def load_settings(**overrides: object) -> Settings:
    """Build settings; keyword overrides win over the environment, which wins over defaults."""
    return Settings(**overrides)  # type: ignore[arg-type]
