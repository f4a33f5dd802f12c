"""iys serve and its database roles: a warning when row-level security does not bind the role
for good, and migrating as a role that may not change the schema."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from server.core.db import (
    MigrationRefused,
    close_db,
    db,
    grant_app_role_or_warn,
    init_db,
    migrate_db,
    warn_if_row_security_is_bypassed,
)
from server.core.settings import Settings

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def warnings_during(
    settings: Settings, caplog: pytest.LogCaptureFixture, action: Callable[[], Awaitable[None]]
) -> list[str]:
    """What server.core.db warns while ``action`` runs on a database opened with ``settings``."""
    await init_db(settings)
    try:
        with caplog.at_level(logging.WARNING, logger="server.core.db"):
            await action()
    finally:
        await close_db()
    return [record.getMessage() for record in caplog.records]


async def warnings_as(settings: Settings, caplog: pytest.LogCaptureFixture) -> list[str]:
    return await warnings_during(settings, caplog, warn_if_row_security_is_bypassed)


async def test_the_application_role_is_not_warned_about(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    assert await warnings_as(settings, caplog) == []


async def test_a_superuser_is_warned_about(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # given the application configured with the test server's superuser (the tables' owner)
    as_superuser = settings.model_copy(update={"database_url": settings.resolved_migration_url})
    # when
    [message] = await warnings_as(as_superuser, caplog)
    # then
    assert "bypasses row-level security" in message


async def test_an_owner_without_bypass_is_warned_about(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # given consent owned by a plain role (neither superuser nor BYPASSRLS), the application
    # logged in as that role
    admin = await asyncpg.connect(settings.resolved_migration_url)
    role = f"izinhub_test_owner_{os.getpid()}"
    await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    await admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'owner-pw'")
    previous = await admin.fetchval(
        "SELECT relowner::regrole::text FROM pg_class WHERE oid = 'consent'::regclass"
    )
    await admin.execute(f'ALTER TABLE consent OWNER TO "{role}"')
    url = urlsplit(settings.resolved_migration_url)
    as_owner = settings.model_copy(
        update={
            "database_url": urlunsplit(
                url._replace(netloc=f"{role}:owner-pw@{url.hostname}:{url.port or 5432}")
            )
        }
    )
    try:
        # when
        [message] = await warnings_as(as_owner, caplog)
    finally:
        await admin.execute(f"ALTER TABLE consent OWNER TO {previous}")
        await admin.execute(f'DROP ROLE "{role}"')
        await admin.close()
    # then
    assert "owns the tables" in message


async def test_the_application_role_has_nothing_to_migrate_on_a_migrated_database(
    settings: Settings,
) -> None:
    # given iys serve started as the application role, without a separate owner's URL
    as_app = settings.model_copy(update={"migration_database_url": settings.database_url})
    # when / then: it goes on to serve
    await migrate_db(as_app)


async def test_the_application_role_names_the_pending_migrations_it_cannot_apply(
    settings: Settings,
) -> None:
    # given a migration the database lacks
    admin = await asyncpg.connect(settings.resolved_migration_url)
    row = await admin.fetchrow(
        "DELETE FROM tortoise_migrations WHERE name = '0009_analyze_consent_qualified'"
        " RETURNING app, name, applied_at"
    )
    as_app = settings.model_copy(update={"migration_database_url": settings.database_url})
    try:
        # when
        with pytest.raises(MigrationRefused) as refused:
            await migrate_db(as_app)
    finally:
        await admin.execute(
            "INSERT INTO tortoise_migrations (app, name, applied_at) VALUES ($1, $2, $3)", *row
        )
        await admin.close()
    # then
    assert "0009_analyze_consent_qualified" in str(refused.value)
    assert "IYS_MIGRATION_DATABASE_URL" in str(refused.value)


async def test_a_missing_group_role_it_cannot_create_is_named(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # when the application's role (no CREATEROLE) is asked to grant to a role nobody made
    message = await grant_warning(settings, caplog, "izinhub_test_no_such_group")
    # then
    assert "does not exist" in message


async def test_a_role_that_cannot_pass_rights_on_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # given a group role, and the application's role, which may use the tables but not grant
    admin = await asyncpg.connect(settings.resolved_migration_url)
    role = f"izinhub_test_group_{os.getpid()}"
    await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    await admin.execute(f'CREATE ROLE "{role}" NOLOGIN')
    try:
        # when
        message = await grant_warning(settings, caplog, role)
    finally:
        await admin.execute(f'DROP ROLE "{role}"')
        await admin.close()
    # then
    assert "no rights to grant" in message


async def grant_warning(settings: Settings, caplog: pytest.LogCaptureFixture, role: str) -> str:
    [message] = await warnings_during(settings, caplog, lambda: grant_app_role_or_warn(db(), role))
    return message
