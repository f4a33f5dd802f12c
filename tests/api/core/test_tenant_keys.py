"""Citus distributes every tenant-owned table by tenant_id, so the tenant must be in every key.

Read from PostgreSQL's own catalog (pg_constraint, pg_index), not from the models: what counts is
what the migrations built. A new tenant-owned model fails here until its migration gives it
(tenant_id, id) and composite keys (see migrations/0005_tenant_keys.py), and a new table that is
not tenant-owned fails until it is classified below (and in docs/scaling.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import Tortoise

from tenants.core.models import TenantScopedModel

# Every table without tenant_id, with what it becomes under Citus (docs/scaling.md).
NOT_TENANT_OWNED = {
    "tenant": "reference table: every distributed table references it",
    "recipient_code": "reference table: keyed by the recipient's address, not by a tenant",
    "recipient_session": "reference table: a proven address reaches every tenant's consents",
    "tortoise_migrations": "local table on the coordinator, where migrations run",
}
# The job queue's own tables (procrastinate): local tables on the coordinator.
NOT_TENANT_OWNED_PREFIXES = ("procrastinate_",)

CONSTRAINTS = """
SELECT c.conname, c.contype::text AS kind, c.conrelid::regclass::text AS tbl,
       c.confrelid::regclass::text AS target,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
             ORDER BY k.pos) AS columns,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num
             ORDER BY k.pos) AS target_columns
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE t.relnamespace = 'public'::regnamespace AND c.contype IN ('p', 'u', 'f')
"""
UNIQUE_INDEXES = """
SELECT i.indexrelid::regclass::text AS name, i.indrelid::regclass::text AS tbl,
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
             ORDER BY k.pos) AS columns
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique
"""
TABLES = """
SELECT t.relname::text AS tbl,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid
               AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant
FROM pg_class t WHERE t.relnamespace = 'public'::regnamespace AND t.relkind IN ('r', 'p')
"""


@pytest.fixture
async def catalog(backend: str, db: None) -> dict[str, list[dict[str, Any]]]:
    if backend != "postgres":
        pytest.skip("SQLite keeps single-column keys: only PostgreSQL is ever distributed")
    conn = Tortoise.get_connection("default")
    return {
        name: [dict(r) for r in await conn.execute_query_dict(sql)]
        for name, sql in (
            ("constraints", CONSTRAINTS),
            ("unique_indexes", UNIQUE_INDEXES),
            ("tables", TABLES),
        )
    }


def _tenant_tables(catalog: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {t["tbl"] for t in catalog["tables"] if t["has_tenant"]}


def _model_tables() -> set[str]:
    models = [m for app in Tortoise.apps.values() for m in app.values()]
    return {m._meta.db_table for m in models if issubclass(m, TenantScopedModel)}


async def test_every_table_is_tenant_owned_or_classified(
    catalog: dict[str, list[dict[str, Any]]],
) -> None:
    # given the tables the migrations built
    tenant_tables = _tenant_tables(catalog)
    others = {t["tbl"] for t in catalog["tables"]} - tenant_tables
    # then every tenant-scoped model has its table, with tenant_id, and nothing else has one
    assert tenant_tables == _model_tables()
    unclassified = {
        t
        for t in others
        if t not in NOT_TENANT_OWNED and not t.startswith(NOT_TENANT_OWNED_PREFIXES)
    }
    assert not unclassified, f"decide how Citus holds these (docs/scaling.md): {unclassified}"


async def test_every_primary_key_of_a_tenant_table_is_tenant_and_id(
    catalog: dict[str, list[dict[str, Any]]],
) -> None:
    # given
    tenant_tables = _tenant_tables(catalog)
    keys = {c["tbl"]: c["columns"] for c in catalog["constraints"] if c["kind"] == "p"}
    # then
    wrong = {t: keys.get(t) for t in tenant_tables if keys.get(t) != ["tenant_id", "id"]}
    assert not wrong, f"primary keys must be (tenant_id, id): {wrong}"


async def test_every_unique_key_of_a_tenant_table_includes_the_tenant(
    catalog: dict[str, list[dict[str, Any]]],
) -> None:
    # given unique constraints and unique indexes alike (an index is not always a constraint)
    tenant_tables = _tenant_tables(catalog)
    uniques = [(i["name"], i["tbl"], i["columns"]) for i in catalog["unique_indexes"]]
    # then
    wrong = [u for u in uniques if u[1] in tenant_tables and "tenant_id" not in u[2]]
    assert not wrong, f"unique keys without tenant_id: {wrong}"
    assert len([u for u in uniques if u[1] in tenant_tables]) > len(tenant_tables)


async def test_every_foreign_key_between_tenant_tables_carries_the_tenant(
    catalog: dict[str, list[dict[str, Any]]],
) -> None:
    # given
    tenant_tables = _tenant_tables(catalog)
    fks = [c for c in catalog["constraints"] if c["kind"] == "f"]
    # when
    between = [f for f in fks if f["tbl"] in tenant_tables and f["target"] in tenant_tables]
    into_tenant_tables = [f for f in fks if f["target"] in tenant_tables]
    # then tenant_id of the row matches tenant_id of the row it references
    wrong = [
        f["conname"]
        for f in between
        if ("tenant_id", "tenant_id") not in zip(f["columns"], f["target_columns"], strict=True)
    ]
    assert not wrong, f"foreign keys between tenant tables without tenant_id: {wrong}"
    assert len(between) >= 15  # brand -> provider, consent -> brand, movement -> consent, ...
    # and only a distributed table may reference a distributed table
    assert into_tenant_tables == between


async def test_every_tenant_table_reaches_tenant_through_its_foreign_keys(
    catalog: dict[str, list[dict[str, Any]]],
) -> None:
    # given: a table reaches tenant by its own key to it, or by a key carrying tenant_id to a
    # table that does (consent and its movements keep only the composite ones, migration 0008)
    tenant_tables = _tenant_tables(catalog)
    fks = [c for c in catalog["constraints"] if c["kind"] == "f" and "tenant_id" in c["columns"]]
    reached = {f["tbl"] for f in fks if f["target"] == "tenant"}
    # when
    grown = True
    while grown:
        before = len(reached)
        reached |= {f["tbl"] for f in fks if f["target"] in reached}
        grown = len(reached) > before
    # then no tenant-owned row can name a tenant that does not exist
    assert tenant_tables - reached == set()
    assert {"consent", "consent_movement"} <= reached
