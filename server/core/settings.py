"""Settings read once from the environment (prefix ``IYS_``); see README "Settings"."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a deployment (or a test run) may tune."""

    model_config = SettingsConfigDict(env_prefix="IYS_", frozen=True, extra="ignore")

    data_dir: Path = Field(Path("var"), description="Folder for the SQLite file, keys, uploads.")
    database_url: str = Field(
        "", description="sqlite:///path or postgres://user@host/db; empty = SQLite in data_dir."
    )
    db_pool_max: int = Field(10, ge=1, description="PostgreSQL connection pool size.")
    jwt_issuer: str = "izinhub"
    jwt_audience: str = "izinhub-api"
    jwt_private_keys: str = Field(
        "", description="PEM Ed25519 private keys separated by blank lines; newest first."
    )
    access_token_seconds: int = Field(15 * 60, ge=10)
    refresh_token_seconds: int = Field(30 * 24 * 3600, ge=60)
    jwt_leeway_seconds: int = Field(30, ge=0, le=300)
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_cost: int = Field(65536, ge=8, description="KiB")
    argon2_parallelism: int = Field(4, ge=1)
    login_max_attempts: int = Field(5, ge=1, description="Failures per account before a lock.")
    login_max_attempts_per_ip: int = Field(30, ge=1, description="Per client address per window.")
    login_window_seconds: int = Field(
        15 * 60, ge=1, description="The first lock; each further failure doubles it."
    )
    login_lockout_max_seconds: int = Field(
        24 * 3600, ge=1, description="The longest lock; failures older than this are forgotten."
    )
    anonymous_max_per_ip: int = Field(
        20, ge=1, description="Sign-ups, invitation and reset calls per client address per hour."
    )
    api_key_requests_per_minute: int = Field(600, ge=1, description="Per API key.")
    invitation_days: int = Field(7, ge=1, le=90)
    password_reset_minutes: int = Field(60, ge=5, le=24 * 60)
    max_upload_bytes: int = Field(512 * 1024 * 1024, ge=1024)
    import_batch_rows: int = Field(5000, ge=1, le=20000)
    graphql_max_depth: int = Field(12, ge=2)
    graphql_max_aliases: int = Field(30, ge=1)
    graphql_max_tokens: int = Field(5000, ge=100)
    check_max_recipients: int = Field(10_000, ge=1)
    trusted_proxies: str = Field(
        "", description="Comma-separated proxy addresses for X-Forwarded-For."
    )
    websocket_origins: str = Field(
        "", description="Comma-separated other origins whose pages may open GraphQL WebSockets."
    )
    redis_url: str = Field(
        "",
        description="redis://host:6379/0 keeps rate limits, lockouts and code limits in Redis, "
        "shared by every server process; empty = this process's memory (one process only).",
    )
    redis_prefix: str = Field(
        "izinhub:", max_length=64, description="Prefix of every Redis key this server writes."
    )
    redis_timeout_seconds: float = Field(
        1.0, gt=0, le=30, description="Connect and reply timeout for Redis calls."
    )
    feed_poll_seconds: float = Field(
        1.0,
        gt=0,
        description="How often a live subscription re-reads the movement log when no "
        "notification can wake it (SQLite, or PostgreSQL while its listener reconnects).",
    )
    feed_safety_poll_seconds: float = Field(
        30.0,
        gt=0,
        description="On PostgreSQL with a live LISTEN connection, the longest a subscription "
        "waits without a notification before it re-reads the log anyway.",
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite://{(self.data_dir / 'izinhub.sqlite3').resolve()}"

    @property
    def is_postgres(self) -> bool:
        return self.resolved_database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
