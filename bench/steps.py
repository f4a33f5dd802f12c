"""One measured step of `make bench`, run in its own process; prints one JSON line."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import secrets
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from server.core.db import close_db, init_db, migrate_db
from server.core.settings import Settings
from tenants.consents.rules import ConsentInput, RuleContext, RuleViolation, check_input
from tenants.imports.readers import ConsentFile

BATCH = 2000
PG_BATCH = 5000  # the importer's default batch (IYS_IMPORT_BATCH_ROWS)
PG_DATABASE = "izinhub_bench"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder, database_url="")


def migrate(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    asyncio.run(migrate_db(settings_for(folder)))
    return folder / "izinhub.sqlite3"


def normalised_rows(csv_path: Path) -> list[tuple[Any, ...]]:
    """The file's valid rows after the rules, as the tables store them (outside the timing)."""
    ctx = RuleContext.at(datetime.now(UTC))
    out = []
    with ConsentFile.open(csv_path) as rows:
        for row in rows:
            try:
                c = check_input(
                    ConsentInput(
                        row.recipient,
                        row.type,
                        row.status,
                        row.source,
                        row.consent_date,
                        row.recipient_type,
                    ),
                    ctx,
                )
            except RuleViolation:
                continue
            out.append(
                (
                    c.type.value,
                    c.recipient_type.value,
                    c.recipient,
                    c.status.value,
                    c.source.value if c.source else None,
                    c.consent_date.isoformat(sep=" ") if c.consent_date else None,
                )
            )
    return out


def baseline_import(csv_path: str, db_dir: str) -> dict[str, float]:
    path = migrate(Path(db_dir))
    rows = normalised_rows(Path(csv_path))
    now = datetime.now(UTC).isoformat(sep=" ")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "INSERT INTO tenant (id, name, slug, language, strict_business_days, created_at)"
        " VALUES (1, 't', 't', 'tr', 1, ?)",
        [now],
    )
    conn.execute(
        "INSERT INTO provider (id, tenant_id, title, iys_code, tin, created_at)"
        " VALUES (1, 1, 'p', 1, '4540536920', ?)",
        [now],
    )
    conn.execute(
        "INSERT INTO brand (id, tenant_id, provider_id, name, brand_code, master,"
        " created_at) VALUES (1, 1, 1, 'b', 1, 1, ?)",
        [now],
    )
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        conn.execute("BEGIN")
        consents = []
        movements = []
        for offset, r in enumerate(chunk):
            pk, tx = start + offset + 1, secrets.token_hex(32)
            consents.append((pk, 1, 1, *r, now, tx))
            movements.append((1, pk, 1, r[3], r[4], r[5], now, tx))
        conn.executemany(
            "INSERT INTO consent (id, tenant_id, brand_id, type, recipient_type, recipient, status,"
            " source, consent_date, creation_date, transaction_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            consents,
        )
        conn.executemany(
            "INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, source,"
            " consent_date, creation_date, transaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            movements,
        )
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return {"seconds": seconds, "peak_mb": peak_mb(), "rows": len(rows)}


def app_import(csv_path: str, db_dir: str) -> dict[str, float]:
    from server.cli_import import run_import

    folder = Path(db_dir)
    migrate(folder)
    settings = settings_for(folder)
    asyncio.run(_seed_brand(settings))
    started = time.perf_counter()
    code = asyncio.run(run_import(settings, Path(csv_path), "bench", 700001, None, quiet=True))
    seconds = time.perf_counter() - started
    counts = asyncio.run(_job_counts(settings))
    return {"seconds": seconds, "peak_mb": peak_mb(), "exit": code, **counts}


async def _seed_brand(settings: Settings) -> None:
    from server.core.tenancy import as_tenant
    from tenants.core.services import create_tenant
    from tenants.providers.models import Brand, Provider

    await init_db(settings)
    try:
        tenant = await create_tenant(name="Bench", slug="bench")
        with as_tenant(tenant.id):
            provider = await Provider.create(
                tenant_id=tenant.id, title="Bench A.Ş.", iys_code=700001, tin="4540536920"
            )
            await Brand.create(
                tenant_id=tenant.id,
                provider_id=provider.id,
                name="Bench",
                brand_code=700001,
                master=True,
            )
    finally:
        await close_db()


async def _job_counts(settings: Settings) -> dict[str, float]:
    from tenants.imports.models import ImportJob

    await init_db(settings)
    try:
        job = await ImportJob.all().order_by("-id").first()
        assert job is not None
        return {"accepted": job.accepted_rows, "rejected": job.rejected_rows}
    finally:
        await close_db()


def check(db_dir: str, count: str) -> dict[str, float]:
    return asyncio.run(_check(Path(db_dir), int(count)))


async def _check(folder: Path, count: int) -> dict[str, float]:
    import httpx

    from server.app import create_app

    settings = settings_for(folder)
    path = folder / "izinhub.sqlite3"
    keys, total = _sample_keys(path, count)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            token, brand_id = await _token_and_brand(app, http)
            gql = await _time_graphql(http, token, brand_id, keys)
    sql = _time_sql(path, keys)
    return {"consents": total, **gql, **sql}


def _sample_keys(path: Path, count: int) -> tuple[list[str], int]:
    conn = sqlite3.connect(path)
    total = conn.execute("SELECT COUNT(*) FROM consent").fetchone()[0]
    present = [
        r[0]
        for r in conn.execute(
            "SELECT recipient FROM consent WHERE type = 'MESAJ' AND recipient_type = 'BIREYSEL'"
            " ORDER BY random() LIMIT ?",
            [count // 2],
        )
    ]
    conn.close()
    absent = [f"0 (559) {random.randint(0, 9_999_999):07d}" for _ in range(count - len(present))]
    keys = present + absent
    random.shuffle(keys)
    return keys, total


async def _token_and_brand(app: Any, http: Any) -> tuple[str, str]:
    """Signs in through the API as an OWNER of the benchmark tenant."""
    from schema.relay import to_global_id
    from tenants.accounts.models import Role, User
    from tenants.providers.models import Brand

    brand = await Brand.all().first()
    assert brand is not None
    password_hash = await app.state.runtime.passwords.hash(BENCH_PASSWORD)
    user = await User.filter(tenant_id=brand.tenant_id, email="bench@example.com").first()
    if user is None:
        await User.create(
            tenant_id=brand.tenant_id,
            email="bench@example.com",
            full_name="Bench",
            password_hash=password_hash,
            role=Role.OWNER,
        )
    else:
        await User.filter(id=user.id).update(password_hash=password_hash)
    response = await http.post(
        "/graphql",
        json={
            "query": LOGIN,
            "variables": {
                "i": {"tenant": "bench", "email": "bench@example.com", "password": BENCH_PASSWORD}
            },
        },
    )
    token = response.json()["data"]["login"]["accessToken"]
    return token, to_global_id("Brand", brand.id)


BENCH_PASSWORD = "Bench-password-6563"
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }"


QUERY = """query($b: ID!, $r: [String!]!) {
  checkConsents(brandId: $b, type: MESAJ, recipients: $r) {
    recipient normalizedRecipient allowed reason
  }
}"""


async def _time_graphql(http: Any, token: str, brand_id: str, keys: list[str]) -> dict[str, float]:
    times = []
    for _ in range(7):
        started = time.perf_counter()
        response = await http.post(
            "/graphql",
            json={"query": QUERY, "variables": {"b": brand_id, "r": keys}},
            headers={"authorization": f"Bearer {token}"},
        )
        times.append((time.perf_counter() - started) * 1000)
        body = response.json()
        assert "errors" not in body, body.get("errors")
        assert len(body["data"]["checkConsents"]) == len(keys)
    return {"gql_median_ms": statistics.median(times[1:]), "gql_best_ms": min(times)}


def _time_sql(path: Path, keys: list[str]) -> dict[str, float]:
    from tenants.consents.recipients import normalize_phone

    normalized = [n for n in (normalize_phone(k) for k in keys) if n]
    conn = sqlite3.connect(path)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        conn.execute(
            "SELECT recipient, status FROM consent WHERE tenant_id = 1 AND brand_id = 1"
            " AND type = 'MESAJ' AND recipient_type = 'BIREYSEL'"
            " AND recipient IN (SELECT value FROM json_each(?))",
            [json.dumps(normalized)],
        ).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return {"sql_median_ms": statistics.median(times[1:]), "sql_best_ms": min(times)}


def api_rps(admin_url: str, db_name: str, folder: str) -> dict[str, Any]:
    from bench.api_rps import api_rps as run

    return run(admin_url, db_name, folder)


# --- PostgreSQL --------------------------------------------------------------------------


PG_APP_LOGIN = "izinhub_bench_app"


def _pg_url(admin_url: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def _pg_fresh(admin_url: str) -> Settings:
    """A new, migrated benchmark database with the benchmark's tenant, provider and brand."""
    import asyncpg

    async def recreate() -> None:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        await conn.close()

    async def app_login(group_role: str) -> None:
        conn = await asyncpg.connect(admin_url)
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", PG_APP_LOGIN)
        if not exists:
            await conn.execute(f"CREATE ROLE {PG_APP_LOGIN} LOGIN NOSUPERUSER NOBYPASSRLS")
        await conn.execute(f"GRANT {group_role} TO {PG_APP_LOGIN}")
        await conn.close()

    asyncio.run(recreate())
    owner = Settings(data_dir=OUT_PG, database_url=_pg_url(admin_url))
    asyncio.run(migrate_db(owner))
    asyncio.run(app_login(owner.database_app_role))
    # The importer runs as production runs it: a role that row-level security binds.
    parts = urlsplit(_pg_url(admin_url))
    app_url = urlunsplit(parts._replace(netloc=f"{PG_APP_LOGIN}@{parts.hostname}:{parts.port}"))
    settings = Settings(
        data_dir=OUT_PG, database_url=app_url, migration_database_url=_pg_url(admin_url)
    )
    asyncio.run(_seed_brand(settings))
    return settings


OUT_PG = Path(__file__).resolve().parent / "out" / "pg"


def _process_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` (a PostgreSQL backend on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_baseline_import(csv_path: str, admin_url: str) -> dict[str, float]:
    """Bare COPY of the pre-normalised rows into consent and consent_movement, batch by batch."""
    _pg_fresh(admin_url)
    rows = normalised_rows(Path(csv_path))
    return asyncio.run(_pg_copy(admin_url, rows))


async def _pg_copy(admin_url: str, rows: list[tuple[Any, ...]]) -> dict[str, float]:
    import asyncpg

    conn = await asyncpg.connect(_pg_url(admin_url))
    ids = await conn.fetchrow("SELECT t.id, b.id FROM tenant t JOIN brand b ON b.tenant_id = t.id")
    tenant_id, brand_id = ids[0], ids[1]
    now = datetime.now(UTC)
    consents, movements = [], []
    for pk, r in enumerate(rows, start=1):  # prepared outside the timing, as the rows are
        when = datetime.fromisoformat(r[5]) if r[5] else None
        tx = secrets.token_hex(32)
        consents.append((pk, tenant_id, brand_id, *r[:5], when, now, tx))
        movements.append((tenant_id, pk, brand_id, r[3], r[4], when, now, tx, False))
    pid = await conn.fetchval("SELECT pg_backend_pid()")
    load, cpu, started = os.getloadavg()[0], _process_cpu(pid), time.perf_counter()
    for start in range(0, len(rows), PG_BATCH):
        async with conn.transaction():
            await conn.copy_records_to_table(
                "consent", records=consents[start : start + PG_BATCH], columns=CONSENT_COLUMNS
            )
            await conn.copy_records_to_table(
                "consent_movement",
                records=movements[start : start + PG_BATCH],
                columns=MOVEMENT_COLUMNS,
            )
    seconds = time.perf_counter() - started
    pg_cpu = _process_cpu(pid) - cpu
    await conn.execute("SELECT setval('consent_id_seq', (SELECT max(id) FROM consent))")
    await conn.close()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "rows": len(rows),
        "pg_cpu": pg_cpu,
        "load": (load + os.getloadavg()[0]) / 2,
    }


CONSENT_COLUMNS = [
    "id",
    "tenant_id",
    "brand_id",
    "type",
    "recipient_type",
    "recipient",
    "status",
    "source",
    "consent_date",
    "creation_date",
    "transaction_id",
]
MOVEMENT_COLUMNS = [
    "tenant_id",
    "consent_id",
    "brand_id",
    "status",
    "source",
    "consent_date",
    "creation_date",
    "transaction_id",
    "late",
]


def pg_app_import(csv_path: str, admin_url: str) -> dict[str, float]:
    """The importer on PostgreSQL: read, normalise, rules, COPY staging and set-based writes."""
    settings = _pg_fresh(admin_url)
    return asyncio.run(_pg_app(settings, Path(csv_path)))


async def _pg_app(settings: Settings, csv_path: Path) -> dict[str, float]:
    from server.core.db import db
    from tenants.imports import runner, services

    await init_db(settings)
    try:
        job = await services.import_local_file(settings, csv_path, "bench", 700001, None)
        load, started = os.getloadavg()[0], time.perf_counter()
        python_cpu = time.process_time()
        done = await runner.run_import_job(job.tenant_id, job.id, settings)
        seconds = time.perf_counter() - started
        python_cpu = time.process_time() - python_cpu
        _, backends = await db().execute_query(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        pg_cpu = sum(_process_cpu(b[0]) for b in backends)  # the pool's backends, all new
    finally:
        await close_db()
    assert done is not None
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "accepted": done.accepted_rows,
        "rejected": done.rejected_rows,
        "python_cpu": python_cpu,
        "pg_cpu": pg_cpu,
        "load": (load + os.getloadavg()[0]) / 2,
    }


STEPS = {
    "baseline-import": baseline_import,
    "app-import": app_import,
    "check": check,
    "api-rps": api_rps,
    "pg-baseline-import": pg_baseline_import,
    "pg-app-import": pg_app_import,
}

if __name__ == "__main__":
    result = STEPS[sys.argv[1]](*sys.argv[2:])
    print(json.dumps(result))
