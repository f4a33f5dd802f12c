"""The change feed: a brand's movements in the order they were recorded, after a cursor.

The cursor is the movement's id. Ids follow commit order within one brand because every writer
goes through ``apply_batch``, which serialises a brand's writers (an advisory lock on PostgreSQL,
the single writer on SQLite), so a poller that continues after the last id it saw can neither
miss a movement that commits later nor see one twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.core import i18n
from server.core.db import db
from server.core.notify import PollingSignals, Signals
from server.core.principal import FULL, Scope
from server.core.sql import any_of, fetch, from_db_time, list_param
from server.core.tenancy import as_tenant
from tenants.providers.services import get_brand

MAX_FEED_PAGE = 1000
POLL_SECONDS = 1.0  # how often a live subscription looks when no signals are given


class ChangeSource(StrEnum):
    """HS: movements the provider sent (HS_* or none); IYS: movements made by recipients."""

    HS = "HS"
    IYS = "IYS"


@dataclass(frozen=True, slots=True)
class Change:
    """One movement with the consent key it belongs to."""

    id: int
    consent_id: int
    brand_id: int
    recipient: str
    type: str
    recipient_type: str
    status: str
    source: str | None
    consent_date: datetime | None
    creation_date: datetime
    transaction_id: str


_COLUMNS = (
    "m.id, m.consent_id, m.brand_id, c.recipient, c.type, c.recipient_type, m.status, m.source,"
    " m.consent_date, m.creation_date, m.transaction_id"
)
_FROM = (
    "FROM consent_movement m JOIN consent c ON c.id = m.consent_id AND c.tenant_id = m.tenant_id"
)


def source_condition(source: ChangeSource | None) -> str:
    """SQL over ``m.source`` for one side; our constants only, never input."""
    if source is ChangeSource.IYS:
        return " AND SUBSTR(m.source, 1, 4) = 'IYS_'"
    if source is ChangeSource.HS:
        return " AND (m.source IS NULL OR SUBSTR(m.source, 1, 4) <> 'IYS_')"
    return ""


def types_condition(conn: BaseDBAsyncClient, scope: Scope) -> tuple[str, list[Any]]:
    """SQL and parameters keeping the consent types ``scope`` may read (``c`` is consent)."""
    if scope.types is None:
        return "", []
    return f" AND {any_of(conn, 'c.type')}", [list_param(conn, scope.readable_types())]


async def list_changes(
    tenant_id: int,
    brand_pk: int | None,
    source: ChangeSource,
    after: int | None,
    limit: int,
    scope: Scope = FULL,
) -> list[Change]:
    """Up to ``limit + 1`` movements after ``after`` (the extra one says that more follow)."""
    brand = await get_brand(tenant_id, brand_pk, scope)
    return await changes_after(db(), tenant_id, brand.id, after or 0, limit + 1, source, scope)


async def changes_after(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    after: int,
    limit: int,
    source: ChangeSource | None = None,
    scope: Scope = FULL,
) -> list[Change]:
    """The brand's movements with an id above ``after``, oldest first."""
    types, type_params = types_condition(conn, scope)
    rows = await fetch(
        conn,
        f"SELECT {_COLUMNS} {_FROM} WHERE m.tenant_id = ? AND m.brand_id = ? AND m.id > ?"
        f"{source_condition(source)}{types} ORDER BY m.id LIMIT ?",
        [tenant_id, brand_id, after, *type_params, limit],
    )
    return [_change(row) for row in rows]


def feed_topic(tenant_id: int, brand_id: int) -> str:
    """What writers notify and subscribers wait on: one brand's movements."""
    return f"movements:{tenant_id}:{brand_id}"


async def follow_changes(
    tenant_id: int,
    brand_pk: int | None,
    source: ChangeSource,
    scope: Scope = FULL,
    signals: Signals | None = None,
) -> AsyncIterator[Change]:
    """The brand's movements recorded from now on, as they arrive.

    The brand is checked first (NOT_FOUND outside the tenant or ``scope``); then the reader
    continues after the last id it saw, so, as for ``list_changes``, nothing is missed or
    repeated. ``signals`` says when to look again: a PostgreSQL notification after a write to
    this brand commits, or every ``POLL_SECONDS`` when there are no notifications. The wait is
    subscribed before the starting point is read, so a write committed in between still wakes it.
    """
    # Scoped per read, never across a yield: between results the subscriber's task is not ours.
    with as_tenant(tenant_id):
        brand = await get_brand(tenant_id, brand_pk, scope)
    signals = signals or PollingSignals(POLL_SECONDS)
    with signals.subscribe(feed_topic(tenant_id, brand.id)) as waiter:
        with as_tenant(tenant_id):
            last = await _last_movement_id(tenant_id, brand.id)
        while True:
            await waiter.wait()
            with as_tenant(tenant_id):
                changes = await changes_after(
                    db(), tenant_id, brand.id, last, MAX_FEED_PAGE, source, scope
                )
            for change in changes:
                last = change.id
                yield change


async def _last_movement_id(tenant_id: int, brand_id: int) -> int:
    rows = await fetch(
        db(),
        "SELECT MAX(id) FROM consent_movement WHERE tenant_id = ? AND brand_id = ?",
        [tenant_id, brand_id],
    )
    return int(rows[0][0] or 0)


async def count_changes(
    tenant_id: int, brand_pk: int | None, source: ChangeSource, scope: Scope = FULL
) -> int:
    brand = await get_brand(tenant_id, brand_pk, scope)
    conn = db()
    types, type_params = types_condition(conn, scope)
    rows = await fetch(
        conn,
        f"SELECT COUNT(*) {_FROM} WHERE m.tenant_id = ? AND m.brand_id = ?"
        f"{source_condition(source)}{types}",
        [tenant_id, brand.id, *type_params],
    )
    return int(rows[0][0])


def _change(r: Any) -> Change:
    creation = from_db_time(r[9])
    assert creation is not None
    return Change(
        id=int(r[0]),
        consent_id=int(r[1]),
        brand_id=int(r[2]),
        recipient=str(r[3]),
        type=str(r[4]),
        recipient_type=str(r[5]),
        status=str(r[6]),
        source=str(r[7]) if r[7] is not None else None,
        consent_date=from_db_time(r[8]),
        creation_date=creation,
        transaction_id=str(r[10]),
    )


i18n.register(
    {
        "INVALID_DATE": (
            "Geçersiz tarih; YYYY-AA-GG biçiminde olmalıdır.",
            "Invalid date; use YYYY-MM-DD.",
        ),
    }
)
