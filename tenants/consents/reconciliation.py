"""Daily reconciliation (mutabakat, iys-domain.md §4.5): a brand's movements of one day as
İYS's CSV, and the file's SHA-384, to compare with the hash İYS reports for the same day.

The file: a header line, then one line per movement (every movement of the day, not just the
final state), columns ``creationDate,transactionId,recipient,recipientType,type,status,
consentDate,source``, sorted by creationDate then transactionId, dates as İYS writes them
(``YYYY-MM-DD HH:mm:ss``, Istanbul time), empty for a missing value, ``\\n`` line ends, UTF-8.
The day is the Istanbul calendar day of creationDate.

A file is a cut: its pages are all bounded by the brand's newest movement when the cut is
taken. Writes to a brand are serialised (`apply_batch`), so a movement committed later has a
higher id, and the movements of a cut never change: reading a cut twice (to hash it, then to
send it) gives the same bytes, even of today's file, which keeps growing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from server.core import i18n
from server.core.clock import clock
from server.core.db import db
from server.core.errors import ValidationFailed
from server.core.principal import FULL, Scope
from server.core.sql import db_time, fetch, from_db_time, is_postgres
from tenants.consents.dates import ISTANBUL, local_date, start_of_local_day
from tenants.consents.feed import types_condition
from tenants.providers.services import get_brand

COLUMNS = (
    "creationDate",
    "transactionId",
    "recipient",
    "recipientType",
    "type",
    "status",
    "consentDate",
    "source",
)
CHUNK = 5000


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """One brand's day: how many movements, and the SHA-384 of the CSV (lowercase hex)."""

    brand_id: int
    brand_code: int
    day: date
    rows: int
    sha384: str

    @property
    def file_name(self) -> str:
        return f"mutabakat-{self.brand_code}-{self.day.isoformat()}.csv"


@dataclass(frozen=True, slots=True)
class _Cut:
    """One brand's day, up to its newest movement when the cut was taken (None: none yet)."""

    tenant_id: int
    brand_id: int
    day: date
    scope: Scope
    newest: int | None


async def reconcile(
    tenant_id: int, brand_pk: int | None, day: date, scope: Scope = FULL
) -> Reconciliation:
    """Build the day's file in chunks and hash it; raises NotFound for a foreign brand.

    A principal limited to some consent types gets the file of those types only. A day after
    today (Istanbul) is FUTURE_DAY: its file would change, so its hash cannot be agreed.
    """
    summary, _ = await reconciliation_file(tenant_id, brand_pk, day, scope)
    return summary


async def reconciliation_file(
    tenant_id: int, brand_pk: int | None, day: date, scope: Scope = FULL
) -> tuple[Reconciliation, AsyncIterator[bytes]]:
    """The summary and the bytes of one cut of the day's file: the bytes are read again when
    iterated (in the caller's tenant scope), and are exactly those hashed."""
    check_day(day)
    brand = await get_brand(tenant_id, brand_pk, scope)
    cut = _Cut(tenant_id, brand.id, day, scope, await _newest_movement(tenant_id, brand.id))
    digest, rows = hashlib.sha384(), -1
    async for chunk, count in _chunks(cut):
        digest.update(chunk)
        rows += count
    summary = Reconciliation(brand.id, brand.brand_code, day, rows, digest.hexdigest())
    return summary, (chunk async for chunk, _ in _chunks(cut))


# İYS began on 2015-05-01 (consents given before it were recorded with that date, HS_2015).
FIRST_IYS_DAY = date(2015, 5, 1)


def check_day(day: date) -> None:
    """Raises FUTURE_DAY for a day that has not begun in Istanbul, DAY_BEFORE_IYS for one
    before İYS began (no file exists for it, and year 1 cannot even be turned into UTC)."""
    if day > local_date(clock.now()):
        raise ValidationFailed("FUTURE_DAY", field="day")
    if day < FIRST_IYS_DAY:
        raise ValidationFailed("DAY_BEFORE_IYS", field="day")


async def _chunks(cut: _Cut) -> AsyncIterator[tuple[bytes, int]]:
    yield _encode([COLUMNS]), 1
    if cut.newest is None:
        return
    position: tuple[Any, str] | None = None
    while True:
        rows = await _page(cut, cut.newest, position)
        if not rows:
            return
        yield _encode([_line(row) for row in rows]), len(rows)
        position = (rows[-1][0], rows[-1][1])


async def _newest_movement(tenant_id: int, brand_id: int) -> int | None:
    rows = await fetch(
        db(),
        "SELECT max(id) FROM consent_movement WHERE tenant_id = ? AND brand_id = ?",
        [tenant_id, brand_id],
    )
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


async def _page(cut: _Cut, newest: int, position: tuple[Any, str] | None) -> list[Any]:
    """One page of the cut's movements (ids up to ``newest``), after ``position``."""
    conn = db()
    start, end = start_of_local_day(cut.day), start_of_local_day(cut.day + timedelta(days=1))
    types, type_params = types_condition(conn, cut.scope)
    params: list[Any] = [cut.tenant_id, cut.brand_id, db_time(conn, start), db_time(conn, end)]
    params.append(newest)
    params += type_params
    # Sorted by creationDate as the file writes it (whole seconds), then transactionId, as İYS
    # sorts: movements of the same second are ordered by transactionId, not by microseconds.
    second = (
        "date_trunc('second', m.creation_date)"
        if is_postgres(conn)
        else "substr(m.creation_date, 1, 19)"
    )
    after = ""
    if position is not None:
        after = f" AND ({second} > ? OR ({second} = ? AND m.transaction_id > ?))"
        params += [position[0], position[0], position[1]]
    return await fetch(
        conn,
        f"SELECT {second}, m.transaction_id, c.recipient, c.recipient_type, c.type,"
        " m.status, m.consent_date, m.source FROM consent_movement m"
        " JOIN consent c ON c.id = m.consent_id AND c.tenant_id = m.tenant_id"
        " WHERE m.tenant_id = ? AND m.brand_id = ? AND m.creation_date >= ?"
        f" AND m.creation_date < ? AND m.id <= ?{types}{after}"
        f" ORDER BY {second}, m.transaction_id LIMIT ?",
        [*params, CHUNK],
    )


def _line(row: Any) -> list[str]:
    return [
        iys_time(from_db_time(row[0])),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        iys_time(from_db_time(row[6])),
        row[7] or "",
    ]


def iys_time(moment: datetime | None) -> str:
    """``YYYY-MM-DD HH:mm:ss`` in Istanbul time, as İYS writes dates; empty for none."""
    return moment.astimezone(ISTANBUL).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _encode(lines: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue().encode()


i18n.register(
    {
        "FUTURE_DAY": (
            "Mutabakat günü bugünden sonra olamaz.",
            "The reconciliation day cannot be after today.",
        ),
        "DAY_BEFORE_IYS": (
            "İYS 1 Mayıs 2015'te başladı; daha önceki bir gün için mutabakat yoktur.",
            "İYS began on 1 May 2015; there is no reconciliation for an earlier day.",
        ),
    }
)
