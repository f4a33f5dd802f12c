"""Movements per day of one brand, for the dashboard's chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from server.core.clock import clock
from server.core.db import db
from server.core.errors import ValidationFailed
from server.core.principal import FULL, Scope
from server.core.sql import db_time, fetch, is_postgres
from tenants.consents.dates import local_date, start_of_local_day
from tenants.providers.services import get_brand

MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class DailyMovements:
    day: date
    approvals: int
    rejections: int


async def movements_per_day(
    tenant_id: int, brand_pk: int | None, days: int, scope: Scope = FULL
) -> list[DailyMovements]:
    """ONAY and RET movements per Istanbul day over the last ``days`` days, oldest first."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed("INVALID_DAYS", field="days", max=MAX_DAYS)
    brand = await get_brand(tenant_id, brand_pk, scope)
    first_day = local_date(clock.now()) - timedelta(days=days - 1)
    counts = await _counts(tenant_id, brand.id, start_of_local_day(first_day), scope)
    return [
        DailyMovements(day, *counts.get(day, (0, 0)))
        for day in (first_day + timedelta(days=n) for n in range(days))
    ]


async def _counts(
    tenant_id: int, brand_id: int, since: datetime, scope: Scope
) -> dict[date, tuple[int, int]]:
    conn = db()
    # Istanbul has kept UTC+3 all year since 2016, so a fixed shift gives the local day.
    day = (
        "to_char(creation_date AT TIME ZONE 'Europe/Istanbul', 'YYYY-MM-DD')"
        if is_postgres(conn)
        else "date(creation_date, '+3 hours')"
    )
    query = (
        f"SELECT {day} AS day, status, COUNT(*) FROM consent_movement"
        " WHERE tenant_id = ? AND brand_id = ? AND creation_date >= ?"
    )
    params: list[object] = [tenant_id, brand_id, db_time(conn, since)]
    if scope.types is not None:  # a type-limited principal counts only the types it may read
        types = scope.readable_types() or ["-"]
        query += (
            " AND consent_id IN (SELECT id FROM consent WHERE tenant_id = ? AND brand_id = ?"
            f" AND type IN ({', '.join('?' for _ in types)}))"
        )
        params += [tenant_id, brand_id, *types]
    rows = await fetch(conn, f"{query} GROUP BY {day}, status", params)
    counts: dict[date, tuple[int, int]] = {}
    for raw_day, status, n in rows:
        current = counts.get(date.fromisoformat(raw_day), (0, 0))
        counts[date.fromisoformat(raw_day)] = (
            (current[0] + n, current[1]) if status == "ONAY" else (current[0], current[1] + n)
        )
    return counts
