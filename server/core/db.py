"""Database configuration and lifecycle (tortoise-orm), shared by the app, the CLI and tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.executor import EXECUTOR_CACHE

from server.core.settings import Settings

MODEL_MODULES = [
    "tenants.core.models",
    "tenants.accounts.models",
    "tenants.providers.models",
    "tenants.consents.models",
    "tenants.imports.models",
    "tenants.notifications.models",
    "tenants.recipients.models",
    "tenants.complaints.models",
    "tenants.webhooks.models",
    "tenants.audit.models",
]
SQLITE_PRAGMAS = {"journal_mode": "WAL", "busy_timeout": 10_000, "synchronous": "NORMAL"}


def tortoise_config(settings: Settings) -> dict[str, Any]:
    """The tortoise config dict; also what ``tortoise`` CLI commands use via TORTOISE_ORM."""
    return {
        "connections": {"default": _connection(settings)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(settings: Settings) -> dict[str, Any]:
    url = settings.resolved_database_url
    if settings.is_postgres:
        parts = urlsplit(url)
        return {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {
                "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432,
                "user": parts.username or "postgres",
                "password": parts.password or "",
                "database": parts.path.lstrip("/") or "postgres",
                "minsize": 1,
                "maxsize": settings.db_pool_max,
            },
        }
    path = url.removeprefix("sqlite://")
    return {
        "engine": "tortoise.backends.sqlite",
        "credentials": {"file_path": path, **SQLITE_PRAGMAS},
    }


async def init_db(settings: Settings) -> None:
    """Open the connections; the global fallback lets every request task see them."""
    if not settings.is_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_db() -> None:
    """Close the connections and forget the models' bindings, so a later init may pick another
    backend (tests alternate SQLite and PostgreSQL in one process)."""
    await Tortoise.close_connections()
    await Tortoise._reset_apps()
    EXECUTOR_CACHE.clear()  # cached insert SQL is keyed by connection name, not by dialect


async def migrate_db(settings: Settings) -> None:
    """Apply every pending migration in ``migrations/`` and, on PostgreSQL, the job queue's
    schema (procrastinate's own, created once)."""
    from tortoise.migrations.api.migrate import migrate

    if not settings.is_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate(config=tortoise_config(settings))
    await close_db()
    if settings.is_postgres:
        from server.core.procrastinate_jobs import apply_schema

        await apply_schema(settings)


def db() -> BaseDBAsyncClient:
    """The default connection, for the few set-based statements the ORM cannot express."""
    client: BaseDBAsyncClient = connections.get("default")
    return client


def is_postgres() -> bool:
    return db().capabilities.dialect == "postgres"
