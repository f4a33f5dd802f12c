"""procrastinate's schema is applied by ``iys migrate``, once."""

from __future__ import annotations

import pytest

from server.core.procrastinate_jobs import apply_schema
from server.core.settings import Settings
from tests.engine.conftest import queue_rows

pytestmark = pytest.mark.postgres


async def test_migrate_applied_the_queue_schema_and_a_second_run_leaves_it(
    settings: Settings,
) -> None:
    # given: the test database was migrated with `migrate_db`, as `iys migrate` does
    tables = await queue_rows(
        settings.database_url,
        "SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%' ORDER BY 1",
    )
    # when
    applied_again = await apply_schema(settings)
    # then
    assert "procrastinate_jobs" in [row["tablename"] for row in tables]
    assert applied_again is False
