"""The PostgreSQL job engine with real ``iys worker`` processes.

The test process is the API (create_app with IYS_JOB_ENGINE=procrastinate: it only enqueues);
workers are separate processes started with ``.venv/bin/iys worker`` against the same database
and data folder, stopped with SIGTERM like a service manager would.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest

from server.core.settings import Settings
from tests.conftest import _settings

IYS = Path(sys.executable).parent / "iys"
BATCH = 10  # small batches, so an import lasts long enough to be cut off mid-way
T = TypeVar("T")


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
async def settings(postgres_url: str, postgres_owner_url: str, tmp_path: Path) -> Settings:
    await _empty_queue(postgres_owner_url)  # the application's role may not TRUNCATE
    return _settings(
        tmp_path,
        postgres_url,
        migration_database_url=postgres_owner_url,
        job_engine="procrastinate",
        import_batch_rows=BATCH,
    )


async def _empty_queue(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, procrastinate_workers"
            " RESTART IDENTITY CASCADE"
        )
    finally:
        await conn.close()


@dataclass
class Workers:
    """``iys worker`` processes of one test; whatever is still running at the end is killed."""

    settings: Settings
    log_dir: Path
    running: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, **overrides: str) -> dict[str, str]:
        values = {
            "IYS_DATABASE_URL": self.settings.database_url,
            "IYS_DATA_DIR": str(self.settings.data_dir),
            "IYS_JOB_ENGINE": "procrastinate",
            "IYS_IMPORT_BATCH_ROWS": str(BATCH),
            "IYS_JOB_CONCURRENCY": "2",
            "IYS_JOB_GRACE_SECONDS": "10",
            "IYS_NOTIFY_POLL_SECONDS": "1",
            "IYS_NOTIFY_RETRY_BASE_SECONDS": "1",
            "IYS_NOTIFY_WEBHOOKS_DEVELOPMENT": "true",
        }
        return {**os.environ, **values, **overrides}

    def start(self, **overrides: str) -> subprocess.Popen[bytes]:
        with (self.log_dir / f"worker-{len(self.running)}.log").open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own command
                [str(IYS), "worker"], env=self.env(**overrides), stdout=log, stderr=log
            )
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes], timeout: float = 60) -> int:
        """SIGTERM, then wait for the worker to end on its own."""
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout=timeout)

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.log_dir.glob("*.log")))


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    log_dir = tmp_path / "worker-logs"
    log_dir.mkdir()
    pool = Workers(settings, log_dir)
    try:
        yield pool
    finally:
        for process in pool.running:
            if process.poll() is None:
                process.kill()
                process.wait()


HUNG_AFTER_SECONDS = 90  # only stops a hung test


async def eventually(check: Callable[[], Awaitable[T]], what: str, workers: Workers) -> T:
    """Poll ``check`` until it answers something truthy."""
    try:
        async with asyncio.timeout(HUNG_AFTER_SECONDS):
            while not (result := await check()):  # noqa: ASYNC110 - another process writes
                await asyncio.sleep(0.1)
            return result
    except TimeoutError:
        pytest.fail(f"never happened: {what}\n--- worker logs ---\n{workers.logs()}")


async def queue_rows(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()
