"""Migration 0005 on a PostgreSQL database that already holds data: up, down and up again."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from tortoise.exceptions import IntegrityError
from tortoise.migrations.api.migrate import migrate

from server.core.db import close_db, tortoise_config
from server.core.settings import Settings

BEFORE, KEYS = "models.0004_late_consents", "models.0005_tenant_keys"
SEED = """
INSERT INTO tenant (id, name, slug, language, strict_business_days, created_at) VALUES
  (1, 'A', 'a', 'tr', true, now()), (2, 'B', 'b', 'tr', true, now());
INSERT INTO provider (id, tenant_id, title, iys_code, tin, created_at) VALUES
  (10, 1, 'A A.Ş.', 700001, '4540536920', now()), (20, 2, 'B A.Ş.', 700001, '4540536920', now());
INSERT INTO brand (id, tenant_id, provider_id, name, brand_code, master, created_at) VALUES
  (11, 1, 10, 'a', 700001, true, now()), (21, 2, 20, 'b', 700001, true, now());
INSERT INTO consent (id, tenant_id, brand_id, type, recipient_type, recipient, status,
  creation_date, transaction_id) VALUES
  (100, 1, 11, 'MESAJ', 'BIREYSEL', '+905551234567', 'ONAY', now(), 't1'),
  (200, 2, 21, 'MESAJ', 'BIREYSEL', '+905551234567', 'RET', now(), 't2');
INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, creation_date,
  transaction_id) VALUES (1, 100, 11, 'ONAY', now(), 't1'), (2, 200, 21, 'RET', now(), 't2');
INSERT INTO app_user (id, tenant_id, email, full_name, password_hash, role, active,
  session_version, created_at) VALUES (30, 1, 'a@example.com', 'A', 'x', 'OWNER', true, 1, now());
INSERT INTO auth_session (id, tenant_id, user_id, created_at, expires_at)
  VALUES (31, 1, 30, now(), now() + interval '1 day');
INSERT INTO refresh_token (tenant_id, session_id, token_hash, created_at) VALUES (1, 31, 'h', now());
"""
COUNTS = (
    "SELECT (SELECT count(*) FROM consent), (SELECT count(*) FROM consent_movement),"
    " (SELECT count(*) FROM refresh_token)"
)
PRIMARY_KEY = """
SELECT array_agg(a.attname::text ORDER BY k.pos) FROM pg_constraint c
CROSS JOIN unnest(c.conkey) WITH ORDINALITY AS k(num, pos)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
WHERE c.conrelid = 'consent'::regclass AND c.contype = 'p'
"""


@pytest.fixture
def admin_url(backend: str, request: pytest.FixtureRequest) -> str:
    if backend != "postgres":
        pytest.skip("migration 0005 changes nothing on SQLite")
    return str(request.getfixturevalue("postgres_owner_url"))


@pytest.fixture
async def fresh(admin_url: str) -> AsyncIterator[str]:
    """An empty database of its own (migrations are what this tests), dropped afterwards."""
    name = f"izinhub_keys_{os.getpid()}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _migrate(url: str, target: str, folder: Path) -> None:
    try:
        await migrate(
            config=tortoise_config(Settings(data_dir=folder, database_url=url)), target=target
        )
    finally:
        await close_db()


async def _run(url: str, script: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(script)
    finally:
        await conn.close()


async def _sql(url: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(query))
    finally:
        await conn.close()


async def test_keys_go_up_and_down_over_existing_rows(fresh: str, tmp_path: Path) -> None:
    # given a database at 0004 with two tenants' rows
    await _migrate(fresh, BEFORE, tmp_path)
    await _run(fresh, SEED)
    before = await _sql(fresh, COUNTS)
    # when
    await _migrate(fresh, KEYS, tmp_path)
    # then the rows are all there, under composite keys
    assert await _sql(fresh, COUNTS) == before
    assert (await _sql(fresh, PRIMARY_KEY))[0][0] == ["tenant_id", "id"]
    # when it is rolled back and applied again
    await _migrate(fresh, BEFORE, tmp_path)
    assert (await _sql(fresh, PRIMARY_KEY))[0][0] == ["id"]
    await _migrate(fresh, KEYS, tmp_path)
    # then nothing was lost either way
    assert await _sql(fresh, COUNTS) == before


async def test_a_row_cannot_reference_another_tenants_row(fresh: str, tmp_path: Path) -> None:
    # given
    await _migrate(fresh, KEYS, tmp_path)
    await _run(fresh, SEED)
    # when tenant B's consent names tenant A's brand
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _run(
            fresh,
            "INSERT INTO consent (tenant_id, brand_id, type, recipient_type, recipient, status,"
            " creation_date, transaction_id)"
            " VALUES (2, 11, 'ARAMA', 'BIREYSEL', '+905551234567', 'ONAY', now(), 'x')",
        )
    # then deleting a brand still cascades to its consents and their movements, in its tenant
    await _run(fresh, "DELETE FROM brand WHERE tenant_id = 1 AND id = 11")
    assert [tuple(r) for r in await _sql(fresh, COUNTS)] == [(1, 1, 1)]


async def test_an_existing_cross_tenant_reference_stops_the_migration(
    fresh: str, tmp_path: Path
) -> None:
    # given a row at 0004 that points into another tenant (what the new keys exist to refuse)
    await _migrate(fresh, BEFORE, tmp_path)
    await _run(fresh, SEED)
    await _run(fresh, "UPDATE consent_movement SET tenant_id = 2 WHERE consent_id = 100")
    # when
    with pytest.raises(IntegrityError, match="consent_movement_consent_id_fkey"):
        await _migrate(fresh, KEYS, tmp_path)
    # then nothing of it stayed: the migration is one transaction
    assert (await _sql(fresh, PRIMARY_KEY))[0][0] == ["id"]
