"""Database configuration and lifecycle (tortoise-orm), shared by the app, the CLI and tests."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.exceptions import OperationalError

from server.core.settings import Settings

log = logging.getLogger(__name__)
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


def tortoise_config(settings: Settings, *, url: str | None = None) -> dict[str, Any]:
    """The tortoise config dict; also what ``tortoise`` CLI commands use via TORTOISE_ORM.
    ``url`` overrides the application's database URL (migrations use the owner's)."""
    return {
        "connections": {"default": _connection(settings, url or settings.resolved_database_url)},
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


def _connection(settings: Settings, url: str) -> dict[str, Any]:
    if settings.is_postgres:
        parts = urlsplit(url)
        return {
            "engine": "server.core.pg_client",
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


class MigrationRefused(Exception):
    """Migrations are pending and the migrating role may not change the schema."""

    def __init__(self, role: str, pending: list[str]) -> None:
        super().__init__(
            f"database role {role} may not change the schema and migrations are pending"
            f" ({', '.join(pending)}): run iys migrate with the owner's URL"
            " (IYS_MIGRATION_DATABASE_URL)"
        )


async def migrate_db(settings: Settings) -> None:
    """Apply every pending migration in ``migrations/`` and, on PostgreSQL, the job queue's
    schema (procrastinate's own, created once).

    A PostgreSQL role that may not create in the schema (the application's role, when
    ``iys serve`` runs as it) has nothing to do on a migrated database, and gets
    `MigrationRefused` naming what is pending on one that is not.
    """
    from tortoise.migrations.api.migrate import migrate

    if settings.is_postgres and not await _may_change_schema(settings):
        return
    if not settings.is_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    else:
        from server.core.procrastinate_jobs import apply_schema

        await apply_schema(settings)  # before the grants, which cover its tables too
    await migrate(config=tortoise_config(settings, url=settings.resolved_migration_url))
    if settings.is_postgres:
        await grant_app_role_or_warn(db(), settings.database_app_role)
    await close_db()


async def grant_app_role_or_warn(owner: BaseDBAsyncClient, role: str) -> None:
    """`grant_app_role`, or a warning saying why it could not be done (PostgreSQL grants
    nothing, with a notice only, when the granting role has rights but may not pass them on)."""
    try:
        await grant_app_role(owner, role)
    except OperationalError:
        rows = await owner.execute_query_dict(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS present", [role]
        )
        if not (rows and rows[0]["present"]):
            log.warning(
                "the group role %s does not exist and this role may not create it: create it "
                "as a superuser (README, PostgreSQL in production), then migrate again; "
                "nothing was granted",
                role,
            )
            return
    rows = await owner.execute_query_dict(
        "SELECT has_table_privilege($1, 'consent', 'INSERT') AS granted", [role]
    )
    if not (rows and rows[0]["granted"]):
        log.warning(
            "no rights to grant %s its table rights: migrate as the tables' owner "
            "(IYS_MIGRATION_DATABASE_URL)",
            role,
        )


async def _may_change_schema(settings: Settings) -> bool:
    import asyncpg

    from server.core.readiness import MIGRATIONS_TABLE, expected_migrations

    connection = await asyncpg.connect(settings.resolved_migration_url)
    try:
        role, may = await connection.fetchrow(
            "SELECT current_user, has_schema_privilege(current_schema(), 'CREATE')"
        )
        if may:
            return True
        applied: set[tuple[str, str]] = set()
        if await connection.fetchval(f"SELECT to_regclass('{MIGRATIONS_TABLE}') IS NOT NULL"):
            rows = await connection.fetch(f"SELECT app, name FROM {MIGRATIONS_TABLE}")
            applied = {(row["app"], row["name"]) for row in rows}
        queue = await connection.fetchval("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        missing = [] if queue else ["the job queue's schema"]
    finally:
        await connection.close()
    missing += sorted(name for _, name in expected_migrations(settings) - applied)
    if missing:
        raise MigrationRefused(role, missing)
    log.info("database role %s may not change the schema; nothing to migrate", role)
    return False


async def grant_app_role(owner: BaseDBAsyncClient, role: str) -> None:
    """Make ``role`` (a group role the application logs in as a member of) able to read and
    write every table and nothing more: no ownership, no DDL, no BYPASSRLS. Idempotent, run
    after every migration so new tables are covered."""
    # ``role`` is validated by Settings (a plain identifier); quoting keeps it one.
    quoted = f'"{role}"'
    await owner.execute_script(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
            CREATE ROLE {quoted} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile
        END $$;
        GRANT USAGE ON SCHEMA public TO {quoted};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted};
        GRANT EXECUTE ON FUNCTION iys_analyze_consent() TO {quoted};
        """
    )


async def warn_if_row_security_is_bypassed() -> None:
    """Row-level security binds neither superusers nor BYPASSRLS roles; an owner it binds
    (FORCE) but an owner may turn it off or drop the policies. Say so loudly when the
    application runs as one of them (a misconfiguration in production)."""
    rows = await db().execute_query_dict(
        "SELECT current_user AS role, rolsuper OR rolbypassrls AS bypasses,"
        " EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'consent' AND c.relkind = 'r'"
        " AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns"
        " FROM pg_roles WHERE rolname = current_user"
    )
    if not rows:
        return
    if rows[0]["bypasses"]:
        log.error(
            "database role %s bypasses row-level security: run the application as a member "
            "of IYS_DATABASE_APP_ROLE and migrate with IYS_MIGRATION_DATABASE_URL (README)",
            rows[0]["role"],
        )
    elif rows[0]["owns"]:
        log.warning(
            "database role %s owns the tables: row-level security binds it, but it could turn "
            "it off; in production run the application as a member of IYS_DATABASE_APP_ROLE "
            "and migrate with IYS_MIGRATION_DATABASE_URL (README)",
            rows[0]["role"],
        )


def db() -> BaseDBAsyncClient:
    """The default connection, for the few set-based statements the ORM cannot express."""
    client: BaseDBAsyncClient = connections.get("default")
    return client


def is_postgres() -> bool:
    return db().capabilities.dialect == "postgres"
