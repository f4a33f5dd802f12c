"""A PostgreSQL database of benchmark tenants: built at migration 0004, filled by SQL, then keyed.

One large tenant ("bench") has three brands of 10,000, 100,000 and 1,000,000 consents (one
movement each); twenty other tenants have 5,000 each. Migration 0005 (the tenant in every key) is
timed over these rows, then the hot queries are timed and explained at each brand size.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

import asyncpg
from tortoise.migrations.api.migrate import migrate

from server.core.db import close_db, tortoise_config
from server.core.settings import Settings
from tenants.recipients.portal import ADDRESS_CONSENTS, ADDRESS_KEYS

BRANDS = {1: 10_000, 2: 100_000, 3: 1_000_000}  # brand id of the bench tenant -> consents
OTHER_TENANTS, OTHER_CONSENTS = 20, 5_000
BENCH_SLUG, BENCH_EMAIL = "bench", "bench@example.com"

TENANTS = """
INSERT INTO tenant (id, name, slug, language, strict_business_days, created_at)
SELECT g, 'Tenant ' || g, CASE WHEN g = 1 THEN 'bench' ELSE 't' || g END, 'tr', true, now()
FROM generate_series(1, $1::int) g;
"""
PROVIDERS = """
INSERT INTO provider (id, tenant_id, title, iys_code, tin, created_at)
SELECT g, g, 'Bench ' || g || ' A.Ş.', 700001, '4540536920', now()
FROM generate_series(1, $1::int) g
"""
BRAND = """
INSERT INTO brand (id, tenant_id, provider_id, name, brand_code, master, created_at)
VALUES ($1, $2, $2, $3, $4, $5, now())
"""
CONSENTS = """
INSERT INTO consent (tenant_id, brand_id, type, recipient_type, recipient, status, source,
                     consent_date, creation_date, transaction_id)
SELECT $1, $2, 'MESAJ', 'BIREYSEL', '+905' || lpad(g::text, 9, '0'),
       CASE WHEN g % 10 = 0 THEN 'RET' ELSE 'ONAY' END, 'HS_WEB',
       now() - interval '2 days', now() - interval '1 day',
       md5(g::text) || md5($2::bigint || '-' || g)
FROM generate_series(1, $3::int) g
"""
MOVEMENTS = """
INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, source, consent_date,
                              creation_date, transaction_id)
SELECT tenant_id, id, brand_id, status, source, consent_date, creation_date, transaction_id
FROM consent ORDER BY id
"""
SEQUENCES = """
SELECT setval('tenant_id_seq', (SELECT max(id) FROM tenant));
SELECT setval('provider_id_seq', (SELECT max(id) FROM provider));
SELECT setval('brand_id_seq', (SELECT max(id) FROM brand));
"""
USER = """
INSERT INTO app_user (tenant_id, email, full_name, password_hash, role, active, session_version,
                      created_at) VALUES (1, $1, 'Bench', $2, 'OWNER', true, 1, now())
"""
QUOTED_ADDRESS = "'+905000000070'"
# The queries the API runs most, as it runs them ($1 tenant, $2 brand).
HOT = {
    "consent by (tenant, brand, type, recipient)": (
        "SELECT * FROM consent WHERE tenant_id = $1 AND brand_id = $2 AND type = 'MESAJ'"
        " AND recipient_type = 'BIREYSEL' AND recipient = '+905000000070'"
    ),
    "consents page: brand, newest 101": (
        "SELECT * FROM consent WHERE tenant_id = $1 AND brand_id = $2 ORDER BY id DESC LIMIT 101"
    ),
    "movements of one consent": (
        "SELECT * FROM consent_movement WHERE tenant_id = $1 AND consent_id = (SELECT id FROM"
        " consent WHERE tenant_id = $1 AND brand_id = $2 AND type = 'MESAJ' AND recipient_type ="
        " 'BIREYSEL' AND recipient = '+905000000070') ORDER BY id DESC"
    ),
    "feed: brand's movements after an id": (
        "SELECT * FROM consent_movement WHERE tenant_id = $1 AND brand_id = $2 AND id > (SELECT"
        " min(id) FROM consent_movement WHERE tenant_id = $1 AND brand_id = $2) ORDER BY id"
        " LIMIT 100"
    ),
    "count of the brand's consents (totalCount)": (
        "SELECT count(*) FROM consent WHERE tenant_id = $1 AND brand_id = $2"
    ),
    "portal: one address in every tenant (through the brands)": (
        f"{ADDRESS_KEYS}SELECT c.*{ADDRESS_CONSENTS.replace('?', QUOTED_ADDRESS)}"
        " WHERE $1::bigint > 0 AND $2::bigint > 0"
    ),
    "recipient's link: one address in one brand": (
        "SELECT * FROM consent WHERE tenant_id = $1 AND brand_id = $2 AND type IN ('MESAJ',"
        f" 'ARAMA') AND recipient_type IN ('BIREYSEL', 'TACIR') AND recipient = {QUOTED_ADDRESS}"
    ),
}


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def recreate(admin_url: str, name: str) -> str:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_url(admin_url, name)


async def drop(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def migrate_to(url: str, target: str, folder: Path) -> float:
    started = time.perf_counter()
    try:
        await migrate(
            config=tortoise_config(Settings(data_dir=folder, database_url=url)), target=target
        )
    finally:
        await close_db()
    return time.perf_counter() - started


async def fill(url: str, password_hash: str) -> dict[str, float]:
    conn = await asyncpg.connect(url)
    started = time.perf_counter()
    try:
        tenants = OTHER_TENANTS + 1
        await conn.execute(TENANTS, tenants)
        await conn.execute(PROVIDERS, tenants)
        for brand_id, size in BRANDS.items():
            await conn.execute(
                BRAND, brand_id, 1, f"Bench {size}", 700000 + brand_id, brand_id == 1
            )
            await conn.execute(CONSENTS, 1, brand_id, size)
        for tenant in range(2, tenants + 1):
            await conn.execute(BRAND, 100 + tenant, tenant, "Other", 700001, True)
            await conn.execute(CONSENTS, tenant, 100 + tenant, OTHER_CONSENTS)
        await conn.execute(MOVEMENTS)
        await conn.execute(SEQUENCES)
        await conn.execute(USER, BENCH_EMAIL, password_hash)
        await conn.execute("ANALYZE")
        rows = await conn.fetchval("SELECT count(*) FROM consent")
    finally:
        await conn.close()
    return {"consents": rows, "fill_seconds": time.perf_counter() - started}


async def hot_queries(url: str, runs: int = 30) -> list[dict[str, Any]]:
    """Median and plan of each hot query, for each brand size of the bench tenant."""
    conn = await asyncpg.connect(url)
    out = []
    try:
        for brand_id, size in BRANDS.items():
            for label, sql in HOT.items():
                out.append(
                    {"query": label, "brand_consents": size}
                    | await _timed(conn, sql, [1, brand_id], runs)
                )
    finally:
        await conn.close()
    return out


async def _timed(conn: asyncpg.Connection, sql: str, args: list[int], runs: int) -> dict[str, Any]:
    statement = await conn.prepare(sql)
    await statement.fetch(*args)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await statement.fetch(*args)
        times.append((time.perf_counter() - started) * 1000)
    plan = await conn.fetchval(f"EXPLAIN (FORMAT JSON) {sql}", *args)
    return {
        "median_ms": statistics.median(times),
        "plan": _access_paths(json.loads(plan)[0]["Plan"]),
    }


def _access_paths(node: dict[str, Any]) -> str:
    """How each table is reached: the index name, or Seq Scan."""
    found = []
    if "Relation Name" in node:
        found.append(node.get("Index Name") or node["Node Type"])
    for child in node.get("Plans", []):
        found.append(_access_paths(child))
    return ", ".join(f for f in found if f)


def build(admin_url: str, name: str, password_hash: str, folder: Path) -> dict[str, Any]:
    """The filled, keyed database: its url, the fill and migration timings, the hot queries."""

    async def run() -> dict[str, Any]:
        url = await recreate(admin_url, name)
        await migrate_to(url, "models.0004_late_consents", folder)
        filled = await fill(url, password_hash)
        keys_seconds = await migrate_to(url, "models.0005_tenant_keys", folder)
        await migrate_to(url, "", folder)
        return {"url": url, **filled, "keys_seconds": keys_seconds, "hot": await hot_queries(url)}

    return asyncio.run(run())
