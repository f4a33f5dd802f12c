"""Readiness checks: is this process fit to take traffic right now?

Each check answers within a timeout or fails; failures are logged here with their cause and
reported to callers by name only (a probe's body must not carry connection strings or errors).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from tortoise.migrations.loader import MigrationLoader

from server.core.db import db, tortoise_config
from server.core.settings import Settings

log = logging.getLogger(__name__)

MIGRATIONS_TABLE = "tortoise_migrations"  # tortoise's MigrationRecorder default

Check = Callable[[], Awaitable[bool]]


def expected_migrations(settings: Settings) -> frozenset[tuple[str, str]]:
    """(app, name) of every migration this code ships, read once from the package."""
    apps = tortoise_config(settings)["apps"]
    loader = MigrationLoader(apps, recorder=None)  # type: ignore[arg-type]  # disk only
    loader.load_disk()
    return frozenset((key.app_label, key.name) for key in loader.disk_migrations)


async def database_answers() -> bool:
    await db().execute_query("SELECT 1")
    return True


def migrations_applied(expected: frozenset[tuple[str, str]]) -> Check:
    async def check() -> bool:
        _, rows = await db().execute_query(f"SELECT app, name FROM {MIGRATIONS_TABLE}")
        missing = expected - {(row["app"], row["name"]) for row in rows}
        if missing:
            log.warning("readiness: migrations not applied: %s", sorted(n for _, n in missing))
        return not missing

    return check


async def run_checks(checks: dict[str, Check], seconds: float) -> dict[str, str]:
    """Every check's outcome, "ok", "failed" or "timeout", the checks run concurrently."""
    names = list(checks)
    outcomes = await asyncio.gather(*(_outcome(n, checks[n], seconds) for n in names))
    return dict(zip(names, outcomes, strict=True))


async def _outcome(name: str, check: Check, seconds: float) -> str:
    try:
        async with asyncio.timeout(seconds):
            return "ok" if await check() else "failed"
    except TimeoutError:
        log.warning("readiness: %s did not answer within %s s", name, seconds)
        return "timeout"
    except Exception:
        log.warning("readiness: %s failed", name, exc_info=True)
        return "failed"
