"""The import runner against a real database, without HTTP: batches, counters, failures, resume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.background import install_jobs
from server.core.jobs import InProcessJobs
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.consents.models import Consent, ConsentMovement
from tenants.core.models import Tenant
from tenants.imports import runner, services
from tenants.imports.models import ImportJob, ImportRowError, ImportStatus
from tenants.imports.readers import ConsentFile
from tenants.providers.models import Brand, Provider
from tests.api.imports.files import Generated, exists, generate
from tests.conftest import new_tenant

HEADER = "recipient,type,source,status,consentDate,recipientType\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    folder = tmp_path_factory.mktemp("runner-files")
    return {fmt: generate(folder, fmt, rows=120) for fmt in ("csv", "xlsx")}


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


async def new_job(settings: Settings, path: Path) -> ImportJob:
    return await services.import_local_file(settings, path, "ajans", 700001)


def istanbul_text(moment: datetime) -> str:
    return (moment + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S")


def test_check_batch_splits_rows_and_keeps_lines(files: dict[str, Generated]) -> None:
    # given
    generated = files["csv"]
    with ConsentFile.open(generated.path) as rows:
        # when
        batch = runner.check_batch(iter(rows), 50, datetime.now(UTC), True)
    # then
    assert batch is not None
    assert (batch.size, batch.last_line) == (50, 51)
    stateless = {  # H175 needs the stored state: the batch's transaction decides it
        line: code for line, code in generated.bad_lines.items() if line <= 51 and code != "H175"
    }
    assert {error.line: error.code for error in batch.rejected} == stateless
    assert len(batch.rows) == len(batch.recipients) == 50 - len(batch.rejected)


def test_check_batch_is_none_at_the_end() -> None:
    # when
    batch = runner.check_batch(iter([]), 50, datetime.now(UTC), True)
    # then
    assert batch is None


async def test_a_job_reports_progress_after_every_batch(
    brand: Brand, settings: Settings, files: dict[str, Generated]
) -> None:
    # given
    generated = files["csv"]
    job = await new_job(settings, generated.path)
    seen: list[runner.Progress] = []
    # when
    done = await runner.run_import_job(brand.tenant_id, job.id, settings, seen.append)
    # then
    assert done is not None
    assert done.status is ImportStatus.SUCCEEDED
    assert [p.processed_rows for p in seen] == [50, 100, 120]
    assert all(p.total_rows == 120 for p in seen)
    assert all(p.accepted_rows + p.rejected_rows == p.processed_rows for p in seen)
    assert seen[-1].rejected_rows == len(generated.bad_lines)
    assert not exists(done.stored_path)


async def test_an_xlsx_total_is_known_when_the_job_ends(
    brand: Brand, settings: Settings, files: dict[str, Generated]
) -> None:
    # given
    job = await new_job(settings, files["xlsx"].path)
    seen: list[runner.Progress] = []
    # when
    done = await runner.run_import_job(brand.tenant_id, job.id, settings, seen.append)
    # then
    assert {p.total_rows for p in seen} == {None}
    assert done is not None
    assert done.total_rows == done.processed_rows == 120


async def test_a_whole_file_problem_found_late_fails_the_job_before_any_row(
    brand: Brand, settings: Settings, tmp_path: Path
) -> None:
    # given: a file whose header is fine and whose line 40 is far too long
    path = tmp_path / "long.csv"
    good = "05551234567,MESAJ,,ONAY,,TACIR\n"
    path.write_text(HEADER + good * 38 + "x" * 70_000 + "\n" + good)
    job = await new_job(settings, path)
    # when
    done = await runner.run_import_job(brand.tenant_id, job.id, settings)
    # then
    assert done is not None
    assert (done.status, done.failure_code) == (ImportStatus.FAILED, "LINE_TOO_LONG")
    assert (done.processed_rows, done.total_rows) == (0, 0)
    assert await Consent.all().count() == 0
    assert done.finished_at is not None


async def test_a_tenant_without_the_business_day_rule_may_import_older_consents(
    brand: Brand, settings: Settings, tmp_path: Path
) -> None:
    # given
    await Tenant.filter(id=brand.tenant_id).update(strict_business_days=False)  # as the tenant
    old = istanbul_text(datetime.now(UTC) - timedelta(days=20))
    path = tmp_path / "old.csv"
    path.write_text(HEADER + f"05551234567,MESAJ,HS_WEB,ONAY,{old},BIREYSEL\n")
    job = await new_job(settings, path)
    # when
    done = await runner.run_import_job(brand.tenant_id, job.id, settings)
    # then
    assert done is not None
    assert (done.accepted_rows, done.rejected_rows) == (1, 0)


async def test_a_row_rejected_by_the_stored_state_keeps_its_line_and_recipient(
    brand: Brand, settings: Settings, tmp_path: Path
) -> None:
    # given: the second row withdraws, the third withdraws again (H174)
    now = datetime.now(UTC)
    first, second = istanbul_text(now - timedelta(hours=2)), istanbul_text(now - timedelta(hours=1))
    path = tmp_path / "states.csv"
    path.write_text(
        HEADER
        + f"0555 123 45 67,MESAJ,HS_WEB,ONAY,{first},BIREYSEL\n"
        + f"05551234567,MESAJ,HS_WEB,RET,{second},BIREYSEL\n"
        + f"+90 555 123 45 67,MESAJ,HS_WEB,RET,{istanbul_text(now)},BIREYSEL\n"
    )
    job = await new_job(settings, path)
    # when
    await runner.run_import_job(brand.tenant_id, job.id, settings)
    # then
    errors = await ImportRowError.filter(job_id=job.id).values("line", "code", "recipient")
    assert errors == [{"line": 4, "code": "H174", "recipient": "+90 555 123 45 67"}]
    assert await ConsentMovement.filter(import_job_id=job.id).count() == 2


async def test_resume_runs_queued_and_running_jobs_and_leaves_finished_ones(
    brand: Brand, settings: Settings, files: dict[str, Generated]
) -> None:
    # given
    jobs = InProcessJobs()
    install_jobs(jobs, settings)
    queued = await new_job(settings, files["csv"].path)
    finished = await new_job(settings, files["csv"].path)
    await runner.finish_job(finished, ImportStatus.SUCCEEDED)
    # when
    resumed = await runner.resume_interrupted_jobs(jobs)
    await jobs.drain()
    # then
    assert resumed == 1
    after = await ImportJob.get(id=queued.id)
    assert (after.status, after.processed_rows) == (ImportStatus.SUCCEEDED, 120)
    assert (await ImportJob.get(id=finished.id)).processed_rows == 0


async def test_cancel_marks_an_unfinished_job_failed_for_good(
    brand: Brand, settings: Settings, files: dict[str, Generated]
) -> None:
    # given
    job = await new_job(settings, files["csv"].path)
    # when
    cancelled = await runner.cancel_job(brand.tenant_id, job.id)
    # then
    assert cancelled is not None
    assert (cancelled.status, cancelled.failure_code) == (ImportStatus.FAILED, "CANCELLED")
    assert not exists(cancelled.stored_path)
    assert await runner.resume_interrupted_jobs(InProcessJobs()) == 0


async def test_another_tenant_cannot_run_the_job(
    brand: Brand, settings: Settings, files: dict[str, Generated]
) -> None:
    # given
    job = await new_job(settings, files["csv"].path)
    stranger = await new_tenant(name="Başka", slug="baska")
    # when
    with as_tenant(stranger.id):
        result = await runner.run_import_job(stranger.id, job.id, settings)
    # then
    assert result is None
    assert (await ImportJob.get(id=job.id)).status is ImportStatus.QUEUED
