"""The import job: read the stored file in batches, check every row, apply each batch.

Each batch is one transaction holding its consents and movements (`apply_batch`), its row
errors and the job's counters and ``last_line``, so whatever a crash interrupts, the job's
counters match the data; on the next start `resume_interrupted_jobs` carries on after
``last_line``. Reading and the stateless checks run on one worker thread per job, a batch ahead
of the database, so the event loop stays responsive and the file is read while SQLite writes.

``totalRows`` is counted before the first row for CSV (about 0.1 s per 100,000 rows, and it
meets any whole-file problem before a row is written); for XLSX counting means parsing the
whole sheet twice, so it stays null until the job ends. A finished job's stored file is
deleted.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.db import db
from server.core.jobs import JobQueue
from server.core.metrics import count_import_rows
from server.core.settings import Settings
from server.core.sql import execute_many
from server.core.tenancy import as_tenant, cross_tenant
from tenants.consents.bulk import BatchOutcome, BatchRow, apply_batch, gather_statistics
from tenants.consents.rules import ConsentInput, RuleContext, RuleViolation, check_input
from tenants.core.access import scoped
from tenants.core.models import Tenant
from tenants.imports.models import ImportJob, ImportStatus
from tenants.imports.readers import ConsentFile, FileFormatError, RawRow, count_rows

log = logging.getLogger(__name__)

UNFINISHED = (ImportStatus.QUEUED, ImportStatus.RUNNING)
MAX_RECIPIENT_CHARS = 300  # import_row_error.recipient


@dataclass(frozen=True, slots=True)
class Progress:
    """The job's counters after a committed batch."""

    total_rows: int | None
    processed_rows: int
    accepted_rows: int
    rejected_rows: int
    unchanged_rows: int


ProgressCallback = Callable[[Progress], None]


class JobFailed(Exception):
    """The job cannot go on; ``code`` becomes its failureCode."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    code: str
    field: str | None
    recipient: str | None


@dataclass(slots=True)
class CheckedBatch:
    """Rows read from the file and checked without the database, ready for one transaction."""

    now: datetime
    rows: list[BatchRow] = field(default_factory=list)
    recipients: list[str | None] = field(default_factory=list)  # as written, parallel to rows
    rejected: list[RowError] = field(default_factory=list)
    size: int = 0
    last_line: int = 0


# --- reading and checking (worker thread) --------------------------------------------------


def check_batch(
    rows: Iterator[RawRow], limit: int, now: datetime, strict_business_days: bool
) -> CheckedBatch | None:
    """The next ``limit`` rows through `check_input`, or None at the end of the file."""
    context = RuleContext.at(now, enforce_business_days=strict_business_days)
    batch = CheckedBatch(now)
    for raw in islice(rows, limit):
        batch.size += 1
        batch.last_line = raw.line
        try:
            checked = check_input(_consent_input(raw), context)
        except RuleViolation as violation:
            batch.rejected.append(_row_error(raw.line, violation, raw.recipient))
        else:
            batch.rows.append(BatchRow(raw.line, checked))
            batch.recipients.append(raw.recipient)
    return batch if batch.size else None


def _consent_input(raw: RawRow) -> ConsentInput:
    return ConsentInput(
        raw.recipient, raw.type, raw.status, raw.source, raw.consent_date, raw.recipient_type
    )


def _row_error(line: int, violation: RuleViolation, recipient: str | None) -> RowError:
    clipped = recipient[:MAX_RECIPIENT_CHARS] if recipient else None
    return RowError(line, violation.code, violation.field, clipped)


# --- one batch, one transaction ------------------------------------------------------------


async def commit_batch(job: ImportJob, batch: CheckedBatch) -> None:
    """Apply the batch, store its row errors and the job's new counters, all or nothing.

    ``job``'s counters are updated only once the transaction has committed.
    """
    async with in_transaction() as conn:
        outcome = await apply_batch(
            conn,
            job.tenant_id,
            job.brand_id,
            batch.rows,
            batch.now,
            import_job_id=job.id,
            actor_user_id=job.created_by_id,
            actor_key_id=job.created_by_key_id,
        )
        errors = _all_row_errors(batch, outcome)
        await _insert_row_errors(conn, job, errors)
        counters = _counters_after(job, batch, outcome, len(errors))
        await scoped(ImportJob, job.tenant_id).filter(id=job.id).using_db(conn).update(**counters)
    job.update_from_dict(counters)
    count_import_rows(accepted=batch.size - len(errors), rejected=len(errors))


def _all_row_errors(batch: CheckedBatch, outcome: BatchOutcome) -> list[RowError]:
    if not outcome.rejected:
        return batch.rejected
    recipients = dict(zip((row.line for row in batch.rows), batch.recipients, strict=True))
    late = [_row_error(line, error, recipients.get(line)) for line, error in outcome.rejected]
    return sorted([*batch.rejected, *late], key=lambda error: error.line)


def _counters_after(
    job: ImportJob, batch: CheckedBatch, outcome: BatchOutcome, rejected: int
) -> dict[str, int]:
    # Accepted is derived from what was read, so accepted + rejected = processed by construction.
    return {
        "processed_rows": job.processed_rows + batch.size,
        "accepted_rows": job.accepted_rows + batch.size - rejected,
        "rejected_rows": job.rejected_rows + rejected,
        "unchanged_rows": job.unchanged_rows + outcome.unchanged,
        "last_line": batch.last_line,
    }


async def _insert_row_errors(
    conn: BaseDBAsyncClient, job: ImportJob, errors: list[RowError]
) -> None:
    await execute_many(
        conn,
        "INSERT INTO import_row_error (tenant_id, job_id, line, code, field, recipient)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            [job.tenant_id, job.id, error.line, error.code, error.field, error.recipient]
            for error in errors
        ],
    )


# --- the job -------------------------------------------------------------------------------


async def run_import_job(
    tenant_id: int,
    job_id: int,
    settings: Settings,
    on_progress: ProgressCallback | None = None,
) -> ImportJob | None:
    """Run (or resume) a job to its end and return it; None if the tenant has no such job.

    A cancelled run leaves the job RUNNING with consistent counters, to be resumed. All its
    database work is done as the job's tenant (row-level security on PostgreSQL).
    """
    with as_tenant(tenant_id):
        return await _run_as_tenant(tenant_id, job_id, settings, on_progress)


async def _run_as_tenant(
    tenant_id: int, job_id: int, settings: Settings, on_progress: ProgressCallback | None
) -> ImportJob | None:
    job = await scoped(ImportJob, tenant_id).get_or_none(id=job_id)
    if job is None or job.status not in UNFINISHED:
        return job
    await _save(job, status=ImportStatus.RUNNING, started_at=job.started_at or clock.now())
    try:
        await _import_rows(job, settings, on_progress)
    except (JobFailed, FileFormatError) as failure:
        await finish_job(job, ImportStatus.FAILED, failure.code)
    except Exception:
        log.exception("import job %s of tenant %s failed", job.id, job.tenant_id)
        await finish_job(job, ImportStatus.FAILED, "INTERNAL_ERROR")
    else:
        await finish_job(job, ImportStatus.SUCCEEDED)
    return job


async def _import_rows(
    job: ImportJob, settings: Settings, on_progress: ProgressCallback | None
) -> None:
    path = Path(job.stored_path)
    kind = await asyncio.to_thread(stored_file_kind, path)
    if kind is None:
        raise JobFailed("FILE_MISSING")
    if job.total_rows is None and kind == "csv":
        await _save(job, total_rows=await asyncio.to_thread(count_rows, path))
    strict = await _strict_business_days(job.tenant_id)
    batches = _BatchStream(path, job.last_line, settings.import_batch_rows, strict)
    planned = False
    try:
        async for batch in batches:
            await commit_batch(job, batch)
            planned = planned or await gather_statistics(db())
            if on_progress is not None:
                on_progress(progress_of(job))
    finally:
        batches.close()


class _BatchStream:
    """An async iterator of `CheckedBatch`; the reader lives on one thread, as it is not
    thread-safe, and is closed on that thread after any batch still being read."""

    def __init__(self, path: Path, after_line: int, size: int, strict: bool) -> None:
        self._path, self._after_line, self._size, self._strict = path, after_line, size, strict
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-reader")
        self._rows: ConsentFile | None = None
        self._ahead: asyncio.Future[CheckedBatch | None] | None = None

    def __aiter__(self) -> _BatchStream:
        return self

    async def __anext__(self) -> CheckedBatch:
        if self._rows is None:
            loop = asyncio.get_running_loop()
            self._rows = await loop.run_in_executor(self._executor, self._open)
        if self._ahead is None:
            self._ahead = self._read_next()
        batch = await self._ahead
        self._ahead = self._read_next() if batch is not None else None
        if batch is None:
            raise StopAsyncIteration
        return batch

    def _open(self) -> ConsentFile:
        return ConsentFile.open(self._path, start_after_line=self._after_line)

    def _read_next(self) -> asyncio.Future[CheckedBatch | None]:
        assert self._rows is not None
        read = functools.partial(check_batch, self._rows, self._size, clock.now(), self._strict)
        return asyncio.get_running_loop().run_in_executor(self._executor, read)

    def close(self) -> None:
        ahead = self._ahead
        # A read still running finishes on its thread, unheard; a finished one's error was
        # either raised already or does not matter now.
        if ahead is not None and not ahead.cancel() and not ahead.cancelled():
            ahead.exception()
        if self._rows is not None:
            self._executor.submit(self._rows.close)
        self._executor.shutdown(wait=False)


async def _strict_business_days(tenant_id: int) -> bool:
    flags = await Tenant.filter(id=tenant_id).values_list("strict_business_days", flat=True)
    return bool(flags[0]) if flags else True


def stored_file_kind(path: Path) -> str | None:
    """The stored file's format: xlsx for a ZIP archive (the upload check refused any other
    archive), else csv; None when the file is gone."""
    try:
        with path.open("rb") as file:
            return "xlsx" if file.read(4) == b"PK\x03\x04" else "csv"
    except FileNotFoundError:
        return None


def progress_of(job: ImportJob) -> Progress:
    return Progress(
        job.total_rows,
        job.processed_rows,
        job.accepted_rows,
        job.rejected_rows,
        job.unchanged_rows,
    )


async def finish_job(job: ImportJob, status: ImportStatus, failure_code: str | None = None) -> None:
    """Close the job: a succeeded job has read every row, so its total is what it read."""
    succeeded_or_uncounted = status is ImportStatus.SUCCEEDED or job.total_rows is None
    total = job.processed_rows if succeeded_or_uncounted else job.total_rows
    await _save(
        job, status=status, failure_code=failure_code, finished_at=clock.now(), total_rows=total
    )
    await asyncio.to_thread(Path(job.stored_path).unlink, missing_ok=True)


async def cancel_job(tenant_id: int, job_id: int) -> ImportJob | None:
    """Stop an unfinished job for good (FAILED, CANCELLED): it will not be resumed."""
    job = await scoped(ImportJob, tenant_id).get_or_none(id=job_id)
    if job is not None and job.status in UNFINISHED:
        await finish_job(job, ImportStatus.FAILED, "CANCELLED")
    return job


async def _save(job: ImportJob, **changes: object) -> None:
    await scoped(ImportJob, job.tenant_id).filter(id=job.id).update(**changes)
    job.update_from_dict(changes)


# --- background ----------------------------------------------------------------------------

IMPORT_JOB = "imports.run"


async def enqueue_import_job(jobs: JobQueue, tenant_id: int, job_id: int) -> bool:
    """Queue the job for the job engine; its key keeps it from ever running twice at once."""
    args = {"tenant_id": tenant_id, "job_id": job_id}
    return await jobs.enqueue(IMPORT_JOB, args, key=f"import:{job_id}")


async def resume_interrupted_jobs(jobs: JobQueue) -> int:
    """Queue again every job a crash or shutdown left QUEUED or RUNNING (the server's start,
    each ``iys worker``'s start); returns how many were queued. A job already queued or
    running elsewhere is left to that run.

    A job whose stored file is gone ends FAILED with FILE_MISSING when it runs.
    """
    with cross_tenant():  # the engine's own bookkeeping; each job then runs as its tenant
        unfinished = await ImportJob.filter(status__in=UNFINISHED).order_by("id")
    queued = [await enqueue_import_job(jobs, job.tenant_id, job.id) for job in unfinished]
    return sum(queued)
