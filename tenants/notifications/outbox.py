"""The notice outbox: movements become notices, notices become messages.

``enqueue_notices`` walks each brand's movements after the brand's cursor (the movement log is
the durable source, so no write path needs a hook and a crash loses nothing): every ONAY with
an HS_* source asks for a notice to that address about that brand, at most one per Istanbul
day, so an import of 100,000 rows sends one digest per address rather than a flood. The walk
and the cursor move in one transaction. Ids follow commit order within a brand (see
``tenants.consents.feed``), which is why the cursor is per brand.

``deliver_due`` sends pending notices through the transports, retrying failures with
exponential backoff and giving up (FAILED) after ``max_attempts``.

Both find their work across tenants (the worker's own bookkeeping, inside ``cross_tenant()``)
and do each tenant's work as that tenant (``as_tenant``). ``deliver_notice`` is one attempt at
one notice: the job engine runs it per notice and retries it at the notice's next attempt time.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from server.core.db import db
from server.core.sql import db_time, execute_many, fetch, is_postgres
from server.core.tenancy import as_tenant, cross_tenant
from tenants.consents.dates import local_date
from tenants.consents.feed import Change, changes_after
from tenants.core.access import scoped
from tenants.notifications.messages import render_notice
from tenants.notifications.models import Notice, NoticeStatus
from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import Transports
from tenants.providers.models import Brand
from tenants.recipients.links import create_link
from tenants.recipients.rejections import channel_of

log = logging.getLogger(__name__)
SCAN_CHUNK = 5000
DELIVERY_BATCH = 100
MAX_BACKOFF = timedelta(hours=6)


# --- movements -> notices ------------------------------------------------------------------


async def enqueue_notices(now: datetime) -> int:
    """Turn every brand's new movements into notices; returns how many movements were read.

    One query across tenants finds the brands with movements past their cursor (an index
    range each); each brand's notices are then written as its tenant.
    """
    with cross_tenant():
        brands = await fetch(
            db(),
            "SELECT b.tenant_id, b.id, COALESCE(k.last_movement_id, 0) FROM brand b"
            " LEFT JOIN notice_cursor k ON k.tenant_id = b.tenant_id AND k.brand_id = b.id"
            " WHERE EXISTS (SELECT 1 FROM consent_movement m WHERE m.tenant_id = b.tenant_id"
            " AND m.brand_id = b.id AND m.id > COALESCE(k.last_movement_id, 0))"
            " ORDER BY b.id",
            [],
        )
    read = 0
    for tenant_id, brand_id, cursor in brands:
        with as_tenant(int(tenant_id)):
            read += await _enqueue_brand(int(tenant_id), int(brand_id), int(cursor), now)
    return read


async def _enqueue_brand(tenant_id: int, brand_id: int, cursor: int, now: datetime) -> int:
    read = 0
    while True:
        async with in_transaction() as conn:
            changes = await changes_after(conn, tenant_id, brand_id, cursor, SCAN_CHUNK)
            if not changes:
                return read
            await _insert_notices(conn, tenant_id, brand_id, _wanted(changes), now)
            cursor = changes[-1].id
            await _move_cursor(conn, tenant_id, brand_id, cursor)
        read += len(changes)


def _wanted(changes: list[Change]) -> dict[str, set[str]]:
    """The consent types recorded with an HS_* source and ONAY, per address."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        if change.status == "ONAY" and (change.source or "").startswith("HS_"):
            wanted[change.recipient].add(change.type)
    return wanted


async def _insert_notices(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    wanted: dict[str, set[str]],
    now: datetime,
) -> None:
    day: date = local_date(now)
    at = db_time(conn, now)
    await execute_many(
        conn,
        "INSERT INTO notice (tenant_id, brand_id, recipient, channel, types, day, status,"
        " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
        " ON CONFLICT (tenant_id, brand_id, recipient, day) DO NOTHING",
        [
            [
                tenant_id,
                brand_id,
                recipient,
                channel_of(recipient),
                ",".join(sorted(types)),
                _db_day(conn, day),
                NoticeStatus.PENDING.value,
                at,
                at,
            ]
            for recipient, types in wanted.items()
        ],
    )


def _db_day(conn: BaseDBAsyncClient, day: date) -> object:
    return day if is_postgres(conn) else day.isoformat()


async def _move_cursor(conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, last: int) -> None:
    await execute_many(
        conn,
        "INSERT INTO notice_cursor (tenant_id, brand_id, last_movement_id) VALUES (?, ?, ?)"
        " ON CONFLICT (tenant_id, brand_id)"
        " DO UPDATE SET last_movement_id = excluded.last_movement_id",
        [[tenant_id, brand_id, last]],
    )


# --- notices -> messages -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0


async def deliver_due(
    transports: Transports, settings: NotificationSettings, now: datetime
) -> Delivery:
    """Send the notices that are due, oldest first."""
    outcomes = []
    for tenant_id, notice_id in await due_notices(now):
        with as_tenant(tenant_id):
            notice = await deliver_notice(tenant_id, notice_id, transports, settings, now)
        outcomes.append(NoticeStatus(notice.status) if notice is not None else None)
    return Delivery(
        sent=outcomes.count(NoticeStatus.SENT),
        retried=outcomes.count(NoticeStatus.PENDING),
        failed=outcomes.count(NoticeStatus.FAILED),
    )


async def due_notices(now: datetime, limit: int = DELIVERY_BATCH) -> list[tuple[int, int]]:
    """(tenant id, notice id) of the pending notices that are due, oldest first."""
    with cross_tenant():
        rows = (
            await Notice.filter(status=NoticeStatus.PENDING.value, next_attempt_at__lte=now)
            .order_by("id")
            .limit(limit)
            .values_list("tenant_id", "id")
        )
    return [(int(tenant_id), int(notice_id)) for tenant_id, notice_id in rows]


async def deliver_notice(
    tenant_id: int,
    notice_id: int,
    transports: Transports,
    settings: NotificationSettings,
    now: datetime,
) -> Notice | None:
    """One attempt at a pending notice that is due; the notice afterwards (still PENDING with
    its next attempt time when it is to be retried), or None when there is no such notice."""
    notice = await scoped(Notice, tenant_id).get_or_none(id=notice_id)
    if notice is None or notice.status != NoticeStatus.PENDING.value:
        return notice
    if notice.next_attempt_at <= now:
        await _deliver(notice, transports, settings, now)
    return notice


async def _deliver(
    notice: Notice, transports: Transports, settings: NotificationSettings, now: datetime
) -> NoticeStatus:
    brand = await scoped(Brand, notice.tenant_id).get(id=notice.brand_id)
    token = await create_link(
        notice.tenant_id, notice.brand_id, notice.recipient, notice.channel, now, settings.link_days
    )
    message = render_notice(notice, brand.name, f"{settings.public_url.rstrip('/')}/ret/{token}")
    try:
        await transports.for_channel(notice.channel).send(message)
    except Exception as error:  # any transport failure is retried, never lost
        return await _failed(notice, settings, now, error)
    await _save(notice, status=NoticeStatus.SENT.value, sent_at=now, attempts=notice.attempts + 1)
    return NoticeStatus.SENT


async def _failed(
    notice: Notice, settings: NotificationSettings, now: datetime, error: Exception
) -> NoticeStatus:
    attempts = notice.attempts + 1
    status = NoticeStatus.FAILED if attempts >= settings.max_attempts else NoticeStatus.PENDING
    log.warning("notice %s attempt %s failed: %s", notice.id, attempts, type(error).__name__)
    await _save(
        notice,
        status=status.value,
        attempts=attempts,
        last_error=str(error)[:200],
        next_attempt_at=now + backoff(settings.retry_base_seconds, attempts),
    )
    return status


def backoff(base_seconds: float, attempts: int) -> timedelta:
    """base, 2×base, 4×base, ... up to six hours."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


async def _save(notice: Notice, **changes: object) -> None:
    await scoped(Notice, notice.tenant_id).filter(id=notice.id).update(**changes)
    notice.update_from_dict(changes)
