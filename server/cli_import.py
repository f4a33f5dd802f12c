"""``iys import FILE --tenant SLUG --brand CODE``: an import job run in the foreground.

The file is copied and imported by the same runner the server uses, with a progress bar on
stderr and a summary with the first rejected rows on stdout. Exit codes: 0 when the file was
read to its end (bad rows included), 1 when the job stopped on a whole-file problem, 2 when
nothing was imported (no migrated database, unknown tenant or brand, a file that cannot be
read or is refused), 130 when interrupted (the job is marked FAILED with CANCELLED; saved
rows stand).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit, urlunsplit

from tortoise.exceptions import DBConnectionError, OperationalError

from server.core.db import close_db, db, init_db
from server.core.errors import AppError
from server.core.i18n import translate
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.imports import runner, services
from tenants.imports.errors import row_error_message
from tenants.imports.models import ImportJob, ImportStatus
from tenants.imports.runner import Progress

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
EXIT_INTERRUPTED = 130
NOT_THE_SERVERS = "run `iys migrate` or set IYS_DATA_DIR/IYS_DATABASE_URL to the server's"
SHOWN_ROW_ERRORS = 20
LANG = "en"


async def run_import(
    settings: Settings,
    file: Path,
    tenant_slug: str,
    brand_code: int,
    provider_iys_code: int | None,
    *,
    quiet: bool = False,
) -> int:
    """Import ``file`` into the tenant's brand; returns the process exit code.

    ``quiet`` leaves out the progress bar and the summary (benchmarks); refusals still print.
    A database that is missing or not migrated is refused before anything is created.
    """
    where = database_location(settings)
    if not settings.is_postgres and not await asyncio.to_thread(Path(where).is_file):
        return _refused(f"no database at {where}: {NOT_THE_SERVERS}")
    await init_db(settings)
    try:
        if not await _migrated():
            return _refused(f"no migrated database at {where}: {NOT_THE_SERVERS}")
        return await _import(settings, file, tenant_slug, brand_code, provider_iys_code, quiet)
    finally:
        await close_db()


def database_location(settings: Settings) -> str:
    """The SQLite file's path, or the PostgreSQL URL without its password."""
    url = settings.resolved_database_url
    if not settings.is_postgres:
        return url.removeprefix("sqlite://")
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


async def _migrated() -> bool:
    """Whether the database has the tenant table (``iys migrate`` creates it)."""
    try:
        await db().execute_query("SELECT 1 FROM tenant LIMIT 1")
    except (OperationalError, DBConnectionError, OSError):
        return False
    return True


async def _import(
    settings: Settings,
    file: Path,
    tenant_slug: str,
    brand_code: int,
    provider_iys_code: int | None,
    quiet: bool,
) -> int:
    started = time.monotonic()
    try:
        job = await services.import_local_file(
            settings, file, tenant_slug, brand_code, provider_iys_code
        )
    except AppError as error:
        return _refused(f"{error.code}: {error.message(LANG)}")
    except OSError as error:
        return _refused(f"cannot read {file}: {error.strerror}")
    with as_tenant(job.tenant_id):
        return await _run(settings, job, quiet, started)


async def _run(settings: Settings, job: ImportJob, quiet: bool, started: float) -> int:
    bar = ProgressBar(sys.stderr)
    on_progress = None if quiet else bar.update
    try:
        finished = await runner.run_import_job(job.tenant_id, job.id, settings, on_progress)
    except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels this task
        bar.close()
        await runner.cancel_job(job.tenant_id, job.id)
        print("interrupted: the rows saved so far stand", file=sys.stderr)
        return EXIT_INTERRUPTED
    bar.close()
    assert finished is not None  # created above, in the same tenant
    if not quiet:
        await _print_summary(finished, time.monotonic() - started)
    return EXIT_OK if finished.status is ImportStatus.SUCCEEDED else EXIT_FAILED


def _refused(reason: str) -> int:
    print(f"iys import: {reason}", file=sys.stderr)
    return EXIT_REFUSED


async def _print_summary(job: ImportJob, seconds: float) -> None:
    rate = job.processed_rows / seconds if seconds > 0 else 0.0
    print(f"{job.file_name}: {job.status.value}")
    if job.failure_code:
        print(f"  stopped: {job.failure_code}: {translate(job.failure_code, LANG)}")
    print(
        f"  {job.processed_rows:,} rows read: {job.accepted_rows:,} accepted "
        f"({job.unchanged_rows:,} unchanged), {job.rejected_rows:,} rejected"
    )
    print(f"  {seconds:.1f} s, {rate:,.0f} rows/s")
    if job.rejected_rows:
        await _print_row_errors(job)


async def _print_row_errors(job: ImportJob) -> None:
    errors = await services.list_row_errors(job.tenant_id, job.id, None, SHOWN_ROW_ERRORS)
    shown = errors[:SHOWN_ROW_ERRORS]
    print(f"first {len(shown)} of {job.rejected_rows:,} rejected rows:")
    for error in shown:
        print(f"  {describe_row_error(error.line, error.code, error.field, error.recipient)}")


def describe_row_error(line: int, code: str, field: str | None, recipient: str | None) -> str:
    """``line 23: H162 (consentDate) recipient 555 000 0021: <message>``: the field at fault
    in brackets, then the row's recipient, labelled (it is not the field's value)."""
    text = f"line {line}: {code}"
    if field:
        text += f" ({field})"
    if recipient:
        shown = recipient if recipient.isprintable() else repr(recipient)  # no terminal escapes
        text += f" recipient {shown}"
    return f"{text}: {row_error_message(code, LANG)}"


def render_progress(progress: Progress, seconds: float, width: int = 30) -> str:
    """``[#####-----]  50.0% 500/1,000 rows  25,000 rows/s  3 rejected``."""
    done, total = progress.processed_rows, progress.total_rows
    rate = done / seconds if seconds > 0 else 0.0
    tail = f"{rate:,.0f} rows/s  {progress.rejected_rows:,} rejected"
    if not total:
        return f"{done:,} rows  {tail}"
    share = min(done / total, 1.0)
    filled = round(share * width)
    return f"[{'#' * filled}{'-' * (width - filled)}] {share:6.1%} {done:,}/{total:,} rows  {tail}"


class ProgressBar:
    """One line redrawn at most ten times a second on a terminal; elsewhere (a log) a plain
    line at most every five seconds."""

    def __init__(self, stream: TextIO, now: Callable[[], float] = time.monotonic) -> None:
        self._stream, self._now = stream, now
        self._terminal = stream.isatty()
        self._interval = 0.1 if self._terminal else 5.0
        self._started = now()
        self._drawn_at: float | None = None
        self._latest: Progress | None = None
        self._drawn: Progress | None = None

    def update(self, progress: Progress) -> None:
        self._latest = progress
        now = self._now()
        if self._drawn_at is None or now - self._drawn_at >= self._interval:
            self._draw(progress, now)

    def close(self) -> None:
        """Draw the latest state if it is not shown yet, and end the line."""
        if self._latest is not None and self._latest is not self._drawn:
            self._draw(self._latest, self._now())
        if self._terminal and self._drawn is not None:
            self._stream.write("\n")
        self._stream.flush()

    def _draw(self, progress: Progress, now: float) -> None:
        self._drawn_at, self._drawn = now, progress
        line = render_progress(progress, now - self._started)
        self._stream.write(f"\r{line}\x1b[K" if self._terminal else f"{line}\n")
        self._stream.flush()
