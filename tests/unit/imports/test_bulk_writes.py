"""The batch writer on both backends (executemany on SQLite, COPY staging on PostgreSQL):
several rows for one consent, re-imports, a batch failing half-way, text as it is."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.consents import bulk, bulk_pg
from tenants.consents.bulk import BatchRow, apply_batch, gather_statistics
from tenants.consents.codes import ConsentSource, ConsentStatus, ConsentType, RecipientType
from tenants.consents.models import Consent, ConsentMovement
from tenants.consents.rules import CheckedConsent
from tenants.imports import runner, services
from tenants.imports.models import ImportJob, ImportRowError, ImportStatus
from tenants.providers.models import Brand, Provider
from tests.conftest import new_tenant

HEADER = "recipient,type,source,status,consentDate,recipientType\n"
PHONE = "+905551234567"


@pytest.fixture
async def brand(db: None) -> AsyncIterator[Brand]:
    """The tenant's brand; the test then works as that tenant (row-level security)."""
    tenant = await new_tenant()
    with as_tenant(tenant.id):
        provider = await Provider.create(
            tenant_id=tenant.id, title="Örnek A.Ş.", iys_code=700001, tin="4540536920"
        )
        yield await Brand.create(
            tenant_id=tenant.id, provider_id=provider.id, name="Örnek", brand_code=700001
        )


def istanbul_text(moment: datetime) -> str:
    return (moment + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S")


def whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


@pytest.fixture
def moments() -> list[datetime]:
    now = whole_seconds(datetime.now(UTC))
    return [now - timedelta(minutes=minutes) for minutes in (30, 20, 10)]


@pytest.fixture
def one_consent_many_rows(tmp_path: Path, moments: list[datetime]) -> Path:
    """Three rows for one consent in three spellings, and rows the rules refuse in between."""
    t1, t2, t3 = (istanbul_text(moment) for moment in moments)
    path = tmp_path / "many.csv"
    path.write_text(
        HEADER
        + f"0555 123 45 67,MESAJ,HS_WEB,ONAY,{t1},BIREYSEL\n"  # line 2: new consent
        + f"+905551234567,MESAJ,HS_MOBIL,RET,{t2},BIREYSEL\n"  # 3: withdrawn
        + f"5551234567,MESAJ,HS_WEB,ONAY,{t3},BIREYSEL\n"  # 4: given again
        + f"05559998877,MESAJ,HS_WEB,RET,{t1},BIREYSEL\n"  # 5: RET first: H175
        + f"05559998877,MESAJ,HS_WEB,ONAY,{t2},BIREYSEL\n"  # 6: new consent
        + f"0555 123 45 67,MESAJ,HS_WEB,ONAY,{t2},BIREYSEL\n"  # 7: older than line 4: H178
        + f"+905551234567,ARAMA,HS_WEB,ONAY,{t1},BIREYSEL\n"  # 8: another type, new
    )
    return path


async def run_file(settings: Settings, brand: Brand, path: Path) -> ImportJob:
    job = await services.import_local_file(settings, path, "ajans", 700001)
    done = await runner.run_import_job(brand.tenant_id, job.id, settings)
    assert done is not None
    return done


async def row_errors(job: ImportJob) -> dict[int, str]:
    errors = await ImportRowError.filter(job_id=job.id).order_by("line").values("line", "code")
    return {error["line"]: error["code"] for error in errors}


async def test_rows_for_one_consent_in_one_batch_apply_in_file_order(
    brand: Brand, settings: Settings, one_consent_many_rows: Path, moments: list[datetime]
) -> None:
    # when
    job = await run_file(settings, brand, one_consent_many_rows)
    # then
    assert (job.processed_rows, job.accepted_rows, job.rejected_rows) == (7, 5, 2)
    assert await row_errors(job) == {5: "H175", 7: "H178"}
    consent = await Consent.get(type="MESAJ", recipient=PHONE)
    assert (consent.status, consent.source, consent.consent_date) == ("ONAY", "HS_WEB", moments[2])
    history = await ConsentMovement.filter(consent_id=consent.id).order_by("id")
    assert [(m.status, m.source, m.consent_date) for m in history] == [
        ("ONAY", "HS_WEB", moments[0]),
        ("RET", "HS_MOBIL", moments[1]),
        ("ONAY", "HS_WEB", moments[2]),
    ]
    assert consent.transaction_id == history[-1].transaction_id
    assert len({m.transaction_id for m in history}) == 3
    assert {(c.type, c.recipient, c.status) for c in await Consent.all()} == {
        ("MESAJ", PHONE, "ONAY"),
        ("MESAJ", "+905559998877", "ONAY"),
        ("ARAMA", PHONE, "ONAY"),
    }
    assert await ConsentMovement.filter(import_job_id=job.id).count() == 5


async def test_reimporting_the_file_adds_no_movement_and_judges_rows_against_the_stored_state(
    brand: Brand, settings: Settings, one_consent_many_rows: Path
) -> None:
    # given
    await run_file(settings, brand, one_consent_many_rows)
    before = await ConsentMovement.all().order_by("id").values_list("id", "transaction_id")
    # when
    again = await run_file(settings, brand, one_consent_many_rows)
    # then: the rows that are the stored state are unchanged, the older ones too old
    assert await ConsentMovement.all().order_by("id").values_list("id", "transaction_id") == before
    assert (again.accepted_rows, again.unchanged_rows, again.rejected_rows) == (3, 3, 4)
    assert await row_errors(again) == {2: "H178", 3: "H178", 5: "H178", 7: "H178"}


async def test_a_batch_failing_half_way_leaves_nothing_of_it(
    brand: Brand,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    moments: list[datetime],
) -> None:
    # given: 60 rows (two batches of 50); the second batch fails after writing its consents
    when = istanbul_text(moments[0])
    path = tmp_path / "sixty.csv"
    path.write_text(
        HEADER + "".join(f"0555000{n:04d},MESAJ,HS_WEB,ONAY,{when},\n" for n in range(60))
    )
    fail_second_batch_after_consents(monkeypatch, settings)
    # when
    failed = await run_file(settings, brand, path)
    # then: the first batch stands whole, nothing of the second is left
    assert (failed.status, failed.failure_code) == (ImportStatus.FAILED, "INTERNAL_ERROR")
    assert (failed.processed_rows, failed.accepted_rows, failed.last_line) == (50, 50, 51)
    assert await Consent.all().count() == await ConsentMovement.all().count() == 50
    # and the next import on the same connections finds no staged rows left over
    monkeypatch.undo()
    done = await run_file(settings, brand, path)
    assert (done.status, done.unchanged_rows) == (ImportStatus.SUCCEEDED, 50)
    assert await Consent.all().count() == await ConsentMovement.all().count() == 60


def fail_second_batch_after_consents(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """The movements of the second batch fail in the database (PostgreSQL: division by zero in
    the set-based INSERT, after the staging COPY and the consents' INSERT) or in the driver."""
    batches = 0
    apply = runner.apply_batch

    async def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal batches
        batches += 1
        if batches == 2 and settings.is_postgres:
            monkeypatch.setattr(
                bulk_pg,
                "_INSERT_MOVEMENTS",
                "INSERT INTO consent_movement (tenant_id) SELECT 1 / (ord - ord)"
                f" FROM {bulk_pg.STAGE}, (SELECT $1::bigint, $2::bigint, $3::timestamptz,"
                " $4::bigint, $5::bigint, $6::bigint) AS unused",
            )
        elif batches == 2:
            monkeypatch.setattr(bulk, "_insert_movements", _failing_insert)
        return await apply(*args, **kwargs)

    monkeypatch.setattr(runner, "apply_batch", counting)


async def _failing_insert(*args: Any) -> None:
    raise RuntimeError("the database went away")


HOSTILE_TEXT = 'sekme\tyeni\nsatır\r\\ters "tırnak" \\N ğüşiöçİı 𝄞 ,;|'


async def test_text_reaches_the_tables_exactly_as_given(
    brand: Brand, moments: list[datetime]
) -> None:
    # given: a consent the rules would never let through, written by the batch writer directly
    consent = CheckedConsent(
        recipient=HOSTILE_TEXT,
        type=ConsentType.EPOSTA,
        status=ConsentStatus.ONAY,
        source=ConsentSource.HS_WEB,
        consent_date=moments[0],
        recipient_type=RecipientType.BIREYSEL,
    )
    # when
    async with in_transaction() as conn:
        outcome = await apply_batch(
            conn, brand.tenant_id, brand.id, [BatchRow(2, consent)], moments[2]
        )
    # then
    stored = await Consent.get(brand_id=brand.id)
    assert outcome.applied == 1
    assert stored.recipient == HOSTILE_TEXT
    assert (stored.consent_date, stored.creation_date) == (moments[0], moments[2])
    movement = await ConsentMovement.get(consent_id=stored.id)
    assert (movement.transaction_id, movement.late) == (stored.transaction_id, False)


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_statistics_are_gathered_once_the_consents_are_worth_it(
    brand: Brand, moments: list[datetime], settings: Settings
) -> None:
    # given: a consent table never analysed (as far as the counters know: earlier tests of
    # this run may have analysed it; only a superuser may reset that) ...
    await forget_consent_analyses(settings)
    # ... and fewer consents than are worth analysing
    async with in_transaction() as conn:
        await apply_batch(conn, brand.tenant_id, brand.id, phone_rows(999, moments[0]), moments[2])
        too_early = await gather_statistics(conn)
    # when
    async with in_transaction() as conn:
        await apply_batch(
            conn, brand.tenant_id, brand.id, phone_rows(1, moments[1], first=5000), moments[2]
        )
        gathered = await gather_statistics(conn)
    async with in_transaction() as conn:
        _, analysed = await conn.execute_query(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables"
            " WHERE relid = 'consent'::regclass"
        )
        again = await gather_statistics(conn)
    # then
    assert (too_early, gathered, analysed[0][0], again) == (False, True, True, True)


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_stored_states_are_probed_by_the_unique_key_for_a_brand_the_statistics_predate(
    brand: Brand, moments: list[datetime], settings: Settings
) -> None:
    # given: statistics taken while only one brand had consents ...
    async with in_transaction() as conn:
        await apply_batch(conn, brand.tenant_id, brand.id, phone_rows(2000, moments[0]), moments[2])
        await conn.execute_query("SELECT iys_analyze_consent()")
    # ... and a second brand that has grown since
    newer = await Brand.create(
        tenant_id=brand.tenant_id, provider_id=brand.provider_id, name="Yeni", brand_code=700002
    )
    async with in_transaction() as conn:
        await apply_batch(conn, brand.tenant_id, newer.id, phone_rows(3000, moments[0]), moments[2])
    # when
    async with in_transaction() as conn:
        _, plan = await conn.execute_query(
            f"EXPLAIN (FORMAT JSON) {bulk_pg._STORED_STATES}",
            [brand.tenant_id, newer.id, ["MESAJ"], ["BIREYSEL"], ["+905550000002"]],
        )
        _, unique = await conn.execute_query(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'consent'"
            " AND indexdef LIKE 'CREATE UNIQUE INDEX%recipient%'"
        )
    # then: one descent of the unique index per key, not a walk through the brand
    scans = set(_index_scans(plan[0][0]))
    assert scans == {unique[0][0]}


def _index_scans(node: Any) -> list[str]:
    if isinstance(node, str):
        node = json.loads(node)
    if isinstance(node, list):
        return [name for item in node for name in _index_scans(item)]
    if not isinstance(node, dict):
        return []
    here = [node["Index Name"]] if node.get("Relation Name") == "consent" else []
    return here + _index_scans(node.get("Plan")) + _index_scans(node.get("Plans"))


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_the_owners_analyze_cannot_be_pointed_at_a_temporary_table(
    brand: Brand, moments: list[datetime], settings: Settings
) -> None:
    # given: consents never analysed, and a temporary table of the application's named consent
    await forget_consent_analyses(settings)
    async with in_transaction() as conn:
        await apply_batch(conn, brand.tenant_id, brand.id, phone_rows(10, moments[0]), moments[2])
    # when
    async with in_transaction() as conn:
        await conn.execute_script("CREATE TEMPORARY TABLE consent (a integer) ON COMMIT DROP")
        await conn.execute_query("SELECT iys_analyze_consent()")
        _, analysed = await conn.execute_query(
            "SELECT relname FROM pg_stat_all_tables WHERE relname = 'consent'"
            " AND last_analyze IS NOT NULL AND schemaname NOT LIKE 'pg_temp%'"
        )
    # then: the real table was analysed
    assert [row[0] for row in analysed] == ["consent"]


async def forget_consent_analyses(settings: Settings) -> None:
    """Reset consent's statistics counters (the owner's right), as if never analysed."""
    owner = await asyncpg.connect(settings.resolved_migration_url)
    try:
        await owner.execute("SELECT pg_stat_reset_single_table_counters('consent'::regclass)")
    finally:
        await owner.close()


def phone_rows(count: int, when: datetime, first: int = 2) -> list[BatchRow]:
    return [
        BatchRow(
            line,
            CheckedConsent(
                recipient=f"+90555{line:07d}",
                type=ConsentType.MESAJ,
                status=ConsentStatus.ONAY,
                source=ConsentSource.HS_WEB,
                consent_date=when,
                recipient_type=RecipientType.BIREYSEL,
            ),
        )
        for line in range(first, first + count)
    ]
