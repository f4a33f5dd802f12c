"""Settings read once from the environment (prefix ``IYS_``); see README "Settings"."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a deployment (or a test run) may tune."""

    model_config = SettingsConfigDict(env_prefix="IYS_", frozen=True, extra="ignore")

    data_dir: Path = Field(Path("var"), description="Folder for the SQLite file, keys, uploads.")
    database_url: str = Field(
        "", description="sqlite:///path or postgres://user@host/db; empty = SQLite in data_dir."
    )
    db_pool_max: int = Field(10, ge=1, description="PostgreSQL connection pool size.")
    migration_database_url: str = Field(
        "",
        description="PostgreSQL: the owner role's URL for `iys migrate`; empty = database_url.",
    )
    database_app_role: str = Field(
        "izinhub_app",
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL: the group role `iys migrate` grants table rights to; the "
        "application's login role (database_url) is a member. It owns nothing and is subject "
        "to row-level security.",
    )
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
    recipient_complaints_per_address_per_day: int = Field(
        10, ge=1, description="Complaints one proven recipient address may file in 24 hours."
    )
    recipient_complaints_per_client_per_day: int = Field(
        30, ge=1, description="Recipient complaints filed from one client address in 24 hours."
    )
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
    log_format: Literal["json", "text"] = Field(
        "json", description="json: one JSON object per line (production); text: for a terminal."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="The lowest level written, for our loggers and uvicorn's."
    )
    metrics_token: SecretStr = Field(
        SecretStr(""), description="When set, /metrics also requires Authorization: Bearer <it>."
    )
    metrics_allow: str = Field(
        "127.0.0.1/32,::1/128",
        description="Comma-separated client addresses or networks that may read /metrics.",
    )
    ready_timeout_seconds: float = Field(
        2.0, gt=0, le=30, description="How long each /readyz check may take before it fails."
    )
    shutdown_drain_seconds: float = Field(
        0.0,
        ge=0,
        le=300,
        description="After SIGTERM, serve on with /readyz at 503 this long, then stop accepting.",
    )
    shutdown_grace_seconds: int = Field(
        25, ge=1, le=3600, description="How long in-flight requests may take to finish."
    )

    @field_validator("metrics_allow")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        metrics_networks(value)  # refuse a typo at start-up, not at the first scrape
        return value

    job_engine: Literal["inprocess", "procrastinate"] | None = Field(
        None,
        description="Who runs background jobs: inprocess (the server itself) or procrastinate "
        "(`iys worker` processes, PostgreSQL only); empty = procrastinate on PostgreSQL, "
        "inprocess on SQLite.",
    )
    job_concurrency: int = Field(
        4, ge=1, le=100, description="Jobs run at once per worker (or by the in-process engine)."
    )
    job_grace_seconds: float = Field(
        30.0,
        ge=0,
        description="At shutdown, how long running jobs may take to finish before they are "
        "cancelled and queued again.",
    )

    @model_validator(mode="after")
    def _procrastinate_needs_postgres(self) -> Settings:
        if self.job_engine == "procrastinate" and not self.is_postgres:
            raise ValueError("IYS_JOB_ENGINE=procrastinate needs a PostgreSQL IYS_DATABASE_URL")
        return self

    @property
    def resolved_job_engine(self) -> Literal["inprocess", "procrastinate"]:
        if self.job_engine is not None:
            return self.job_engine
        return "procrastinate" if self.is_postgres else "inprocess"

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
    def resolved_migration_url(self) -> str:
        return self.migration_database_url or self.resolved_database_url

    @property
    def is_postgres(self) -> bool:
        return self.resolved_database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


def metrics_networks(allow: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The networks of IYS_METRICS_ALLOW; a bare address is a network of one."""
    return [
        ipaddress.ip_network(part.strip(), strict=False)
        for part in allow.split(",")
        if part.strip()
    ]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
