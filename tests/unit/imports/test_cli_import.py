"""``iys import``: exit codes, summary, progress bar."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from server import cli_import
from server.cli_import import ProgressBar, describe_row_error, render_progress, run_import
from server.core.db import close_db, init_db
from server.core.settings import Settings
from server.core.tenancy import as_tenant, cross_tenant
from tenants.imports import runner
from tenants.imports.models import ImportJob, ImportStatus
from tenants.imports.runner import Progress
from tenants.providers.models import Brand, Provider
from tests.api.imports.files import Generated, generate
from tests.conftest import new_tenant


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the command runs the same runner as the server; its SQL is tested there


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(tmp_path_factory.mktemp("cli-files"), "csv", rows=120)


@pytest.fixture
async def seeded(settings: Settings) -> Settings:
    await init_db(settings)
    try:
        tenant = await new_tenant()
        with as_tenant(tenant.id):
            provider = await Provider.create(
                tenant_id=tenant.id, title="Örnek", iys_code=700001, tin="4540536920"
            )
            await Brand.create(tenant_id=tenant.id, provider_id=provider.id, name="B", brand_code=5)
    finally:
        await close_db()
    return settings


@pytest.fixture
def seeded_file(seeded: Settings, tmp_path: Path) -> tuple[Path, Path]:
    """The seeded SQLite file, and a small CSV next to it."""
    file = tmp_path / "izinler.csv"
    file.write_bytes(b"recipient,type,status\n")
    return Path(seeded.resolved_database_url.removeprefix("sqlite://")), file


async def last_job(settings: Settings) -> ImportJob:
    await init_db(settings)
    try:
        with cross_tenant():
            job = await ImportJob.all().order_by("-id").first()
        assert job is not None
        return job
    finally:
        await close_db()


async def test_a_file_with_bad_rows_is_processed_and_summarised(
    seeded: Settings, generated: Generated, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    code = await run_import(seeded, generated.path, "ajans", 5, None)
    # then
    out, err = capsys.readouterr()
    bad = len(generated.bad_lines)
    assert code == 0
    assert "consents-csv.csv: SUCCEEDED" in out
    assert f"120 rows read: {120 - bad} accepted (0 unchanged), {bad} rejected" in out
    first_line, first_code = min(generated.bad_lines.items())
    assert f"  line {first_line}: {first_code} " in out
    assert "120/120 rows" in err


def test_a_row_error_names_the_field_and_labels_the_recipient() -> None:
    # when
    line = describe_row_error(23, "H162", "consentDate", "555 000 0021")
    # then: the recipient is not read as the date's value, and the message follows
    assert line.startswith("line 23: H162 (consentDate) recipient 555 000 0021: ")
    assert len(line) > len("line 23: H162 (consentDate) recipient 555 000 0021: ")


def test_a_row_error_without_field_or_recipient_shows_only_what_it_has() -> None:
    assert describe_row_error(4, "H174", None, None).startswith("line 4: H174: ")
    assert "recipient '\\x1b[2J'" in describe_row_error(5, "H174", None, "\x1b[2J")


async def test_quiet_prints_nothing(
    seeded: Settings, generated: Generated, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    code = await run_import(seeded, generated.path, "ajans", 5, 700001, quiet=True)
    # then
    assert code == 0
    assert capsys.readouterr() == ("", "")
    assert (await last_job(seeded)).status is ImportStatus.SUCCEEDED


@pytest.mark.parametrize(
    ("arguments", "content", "message"),
    [
        (("yok", 5), b"recipient,type,status\n", "TENANT_NOT_FOUND"),
        (("ajans", 9), b"recipient,type,status\n", "BRAND_NOT_FOUND"),
        (("ajans", 5), b"ad,soyad\n", "MISSING_COLUMNS: Required columns are missing"),
        (("ajans", 5), None, "cannot read"),
    ],
)
async def test_nothing_is_imported_when_the_target_or_the_file_is_wrong(
    seeded: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: tuple[str, int],
    content: bytes | None,
    message: str,
) -> None:
    # given
    path = tmp_path / "izinler.csv"
    if content is not None:
        path.write_bytes(content)
    # when
    code = await run_import(seeded, path, *arguments, None)
    # then
    assert code == 2
    assert message in capsys.readouterr().err


async def test_a_folder_without_a_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: a data folder with no database (IYS_DATA_DIR not set to the server's)
    settings = Settings(data_dir=tmp_path / "var", database_url="")
    path = tmp_path / "izinler.csv"
    path.write_bytes(b"recipient,type,status\n")
    # when
    code = await run_import(settings, path, "ajans", 5, None)
    # then: one clear line, and no empty database made
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"iys import: no database at {tmp_path / 'var' / 'izinhub.sqlite3'}: ")
    assert "iys migrate" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "var").exists()


async def test_an_empty_database_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: a SQLite file nobody migrated
    (tmp_path / "izinhub.sqlite3").touch()
    path = tmp_path / "izinler.csv"
    path.write_bytes(b"recipient,type,status\n")
    # when
    code = await run_import(Settings(data_dir=tmp_path, database_url=""), path, "ajans", 5, None)
    # then
    assert code == 2
    assert capsys.readouterr().err.startswith("iys import: no migrated database at ")


def _iys_import(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("IYS_")}
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [sys.executable, "-m", "server.cli", "import", *arguments],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_says_what_is_missing_in_one_line(seeded_file: tuple[Path, Path]) -> None:
    # given: an empty data folder, and the seeded database
    database, file = seeded_file
    empty = file.parent / "empty"
    # when
    no_database = _iys_import(
        {"IYS_DATA_DIR": str(empty)}, str(file), "--tenant", "ajans", "--brand", "5"
    )
    url = {"IYS_DATABASE_URL": f"sqlite://{database}", "IYS_DATA_DIR": str(database.parent)}
    no_tenant = _iys_import(url, str(file), "--tenant", "yok", "--brand", "5")
    no_brand = _iys_import(url, str(file), "--tenant", "ajans", "--brand", "9")
    # then: exit 2 and one line each, no traceback, no database made
    assert no_database.returncode == no_tenant.returncode == no_brand.returncode == 2
    assert no_database.stderr.startswith("iys import: no database at ")
    assert no_tenant.stderr.startswith("iys import: TENANT_NOT_FOUND: ")
    assert no_brand.stderr.startswith("iys import: BRAND_NOT_FOUND: ")
    for run in (no_database, no_tenant, no_brand):
        assert run.stderr.count("\n") == 1, run.stderr
        assert "Traceback" not in run.stderr
    assert not empty.exists()


async def test_a_whole_file_problem_found_late_exits_with_one(
    seeded: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    path = tmp_path / "long.csv"
    path.write_text("recipient,type,status\n" + "x" * 70_000 + "\n")
    # when
    code = await run_import(seeded, path, "ajans", 5, None)
    # then
    assert code == 1
    assert "stopped: LINE_TOO_LONG" in capsys.readouterr().out


async def test_an_interrupted_import_is_cancelled_for_good(
    seeded: Settings,
    generated: Generated,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given: Ctrl-C, which asyncio.run turns into the main task's cancellation
    async def interrupted(*args: Any, **kwargs: Any) -> None:
        raise asyncio.CancelledError

    monkeypatch.setattr(runner, "run_import_job", interrupted)
    # when
    code = await run_import(seeded, generated.path, "ajans", 5, None)
    # then
    job = await last_job(seeded)
    assert code == cli_import.EXIT_INTERRUPTED
    assert (job.status, job.failure_code) == (ImportStatus.FAILED, "CANCELLED")
    assert "interrupted" in capsys.readouterr().err


def progress(done: int, total: int | None, rejected: int = 0) -> Progress:
    return Progress(total, done, done - rejected, rejected, 0)


def test_the_bar_shows_share_count_rate_and_rejections() -> None:
    # when
    line = render_progress(progress(500, 1000, 3), seconds=0.02, width=10)
    # then
    assert line == "[#####-----]  50.0% 500/1,000 rows  25,000 rows/s  3 rejected"


def test_without_a_total_the_bar_shows_counts_only() -> None:
    assert (
        render_progress(progress(1500, None), seconds=1.0) == "1,500 rows  1,500 rows/s  0 rejected"
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_bar_is_redrawn_at_most_ten_times_a_second() -> None:
    # given
    moments = iter([0.0, 0.01, 0.05, 0.12, 0.13, 0.2])
    stream = Terminal()
    bar = ProgressBar(stream, now=lambda: next(moments))
    # when
    for done in (100, 200, 300, 400):  # at 0.01, 0.05, 0.12 and 0.13 s
        bar.update(progress(done, 400))
    bar.close()  # at 0.2 s
    # then
    frames = stream.getvalue().split("\r")[1:]
    assert [frame.split(" rows")[0][-7:] for frame in frames] == ["100/400", "300/400", "400/400"]
    assert stream.getvalue().endswith("\n")


def test_a_log_gets_plain_lines_and_no_repeat_at_the_end() -> None:
    # given
    moments = iter([0.0, 1.0, 2.0, 7.0, 8.0])
    stream = io.StringIO()
    bar = ProgressBar(stream, now=lambda: next(moments))
    # when
    for done in (10, 20, 30):  # at 1, 2 and 7 s
        bar.update(progress(done, 30))
    bar.close()
    # then: drawn at 1 s and, being more than 5 s later, at 7 s; close adds nothing
    lines = stream.getvalue().splitlines()
    assert [line.split()[2] for line in lines] == ["10/30", "30/30"]
