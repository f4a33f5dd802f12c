"""Shared fixtures: a real database per test (SQLite file or PostgreSQL), the app and a client.

Every API test runs twice, on SQLite and on PostgreSQL. PostgreSQL tests skip with a reason when
no server answers, unless IYS_REQUIRE_POSTGRES=1 (CI), where they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from redis import Redis
from redis.exceptions import RedisError
from tortoise import Tortoise

from server.app import create_app
from server.core.clock import clock
from server.core.db import close_db, init_db, migrate_db
from server.core.runtime import Runtime
from server.core.settings import Settings
from server.core.tenancy import as_tenant, cross_tenant
from tenants.core.models import Tenant, TenantScopedModel
from tenants.core.services import create_tenant
from tests.graphql import GraphQLClient

PG_ADMIN_URL = os.environ.get(
    "IYS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("IYS_REQUIRE_POSTGRES") == "1"
# The application logs in as this role, a member of the group role `iys migrate` grants rights
# to: it owns nothing and row-level security binds it, as in production.
PG_APP_LOGIN = "izinhub_test_app"
# Tests that share state between processes use this Redis, under a key prefix of their own.
REDIS_URL = os.environ.get("IYS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Fixed Ed25519 test key so tokens are reproducible and nothing is written to var/.
TEST_KEY = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGpVjcLyMtYZeWVwpmwnD9v4oprEqb1l5fu3VxQdSUZg
-----END PRIVATE KEY-----"""
FROZEN_NOW = datetime(2026, 12, 3, 11, 0, 0, tzinfo=UTC)  # a Thursday, 14:00 in Istanbul


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgres":
            item.add_marker(pytest.mark.postgres)


def _settings(tmp: Path, database_url: str = "", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp,
        "database_url": database_url,
        "jwt_private_keys": TEST_KEY,
        "argon2_time_cost": 1,
        "argon2_memory_cost": 8,
        "argon2_parallelism": 1,
        "import_batch_rows": 50,
        # The API tests look at a job's end state through the in-process engine's drain();
        # the PostgreSQL engine is tested with real worker processes (tests/engine/).
        "job_engine": "inprocess",
        "job_grace_seconds": 5,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated schema, built once; each test copies the file."""
    folder = tmp_path_factory.mktemp("template")
    asyncio.run(migrate_db(_settings(folder)))
    return folder / "izinhub.sqlite3"


@pytest.fixture(scope="session")
def postgres_owner_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this run, migrated once by its owner; tests truncate it."""
    name = f"izinhub_test_{os.getpid()}"
    try:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (IYS_REQUIRE_POSTGRES=1) but unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG_ADMIN_URL}: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    settings = _settings(tmp_path_factory.mktemp("pg"), url)
    asyncio.run(migrate_db(settings))
    asyncio.run(_ensure_app_login(settings.database_app_role))
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_url(postgres_owner_url: str) -> str:
    """The same database as the application's login role sees it."""
    parts = urlsplit(postgres_owner_url)
    return urlunsplit(parts._replace(netloc=f"{PG_APP_LOGIN}@{parts.hostname}:{parts.port}"))


async def _ensure_app_login(group_role: str) -> None:
    # Roles are shared by every database of the server (and parallel test runs): create once.
    await _pg_admin(
        f"""DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PG_APP_LOGIN}') THEN
            CREATE ROLE {PG_APP_LOGIN} LOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$""",
        f"GRANT {group_role} TO {PG_APP_LOGIN}",
    )


async def _pg_admin(*statements: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _truncate_all(owner_url: str) -> None:
    """Empty every table as the owner (the application's role may not TRUNCATE)."""
    tables = [m._meta.db_table for app in Tortoise.apps.values() for m in app.values()]
    conn = await asyncpg.connect(owner_url, timeout=5)
    try:
        await conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the test Redis (``IYS_TEST_REDIS_URL``), emptied
    afterwards. Skips without Redis, unless IYS_REQUIRE_POSTGRES=1 (CI), where it fails."""
    prefix = f"izinhub-test:{uuid.uuid4().hex}:"
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except (RedisError, OSError) as exc:
        client.close()
        if REQUIRE_PG:
            pytest.fail(f"Redis is required (IYS_REQUIRE_POSTGRES=1) but unreachable: {exc}")
        pytest.skip(f"no Redis server at {REDIS_URL}: {exc}")
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if backend == "postgres":
        return _settings(
            tmp_path,
            request.getfixturevalue("postgres_url"),
            migration_database_url=request.getfixturevalue("postgres_owner_url"),
        )
    shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "izinhub.sqlite3")
    return _settings(tmp_path)


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.unfreeze()


@pytest.fixture
def runtime(settings: Settings) -> Runtime:
    return Runtime.build(settings)


@pytest.fixture
async def app(settings: Settings, runtime: Runtime) -> AsyncIterator[Any]:
    application = create_app(settings, runtime)
    async with application.router.lifespan_context(application):
        if settings.is_postgres:
            await _truncate_all(settings.resolved_migration_url)
        with cross_tenant():  # the test reads like an auditor; each request starts unscoped
            yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


async def new_tenant(name: str = "Ajans", slug: str = "ajans") -> Tenant:
    """A tenant made as the product makes one (on PostgreSQL its row-level security admits only
    a row written as itself)."""
    return await create_tenant(name=name, slug=slug)


async def update_rows(
    model: type[TenantScopedModel], filters: dict[str, Any], **changes: Any
) -> int:
    """Change rows behind the application's back, each as its own tenant (row-level security
    lets no other scope write)."""
    rows = await model.filter(**filters)
    for row in rows:
        with as_tenant(row.tenant_id):
            await model.filter(id=row.id).update(**changes)
    return len(rows)


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[None]:
    """The database alone, for service-level tests without HTTP."""
    await init_db(settings)
    if settings.is_postgres:
        await _truncate_all(settings.resolved_migration_url)
    try:
        with cross_tenant():  # the test reads like an auditor; writes need their tenant
            yield
    finally:
        await close_db()
