"""Set-based application of checked consents: one read and a few writes per batch.

recordConsent is a batch of one; the importer sends a few thousand rows at a time. The state
rules run in Python, in row order, against the stored states read once for the whole batch, so
several rows for one consent in a batch see each other's effect exactly as separate calls would.
The rules engine is the only judge on both backends; only the writing differs: executemany on
SQLite, COPY into a staging table and set-based statements on PostgreSQL (`bulk_pg`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.core.notify import notify
from server.core.sql import (
    any_of,
    db_time,
    execute_many,
    fetch,
    from_db_time,
    is_postgres,
    list_param,
)
from tenants.consents import bulk_pg
from tenants.consents.codes import ConsentSource, ConsentStatus, ConsentType, RecipientType
from tenants.consents.feed import feed_topic
from tenants.consents.rules import CheckedConsent, Decision, RuleViolation, StoredState, decide

Key = tuple[str, str, str]  # (type, recipient_type, recipient)
LOOKUP_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class BatchRow:
    """A row that passed every stateless rule, with its physical line (0 for API calls)."""

    line: int
    consent: CheckedConsent


@dataclass(slots=True)
class BatchOutcome:
    applied: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, RuleViolation]] = field(default_factory=list)


@dataclass(slots=True)
class _Stored:
    """A consent as the batch sees it: its id (None until inserted) and latest state."""

    pk: int | None
    state: StoredState
    movement: tuple[str, datetime] | None = None  # (transaction id, creation date) when changed


@dataclass(slots=True)
class _Plan:
    stored: dict[Key, _Stored]
    movements: list[tuple[Key, CheckedConsent, str]] = field(default_factory=list)
    outcome: BatchOutcome = field(default_factory=BatchOutcome)
    # Random bytes for the whole batch at once: one getrandom call instead of one per row.
    _entropy: str = ""
    _drawn: int = 0

    def transaction_id(self) -> str:
        """64 random lowercase hex characters, unique per movement."""
        if self._drawn * 64 >= len(self._entropy):
            self._entropy, self._drawn = secrets.token_hex(32 * 256), 0
        self._drawn += 1
        return self._entropy[(self._drawn - 1) * 64 : self._drawn * 64]


class _Columns:
    """Values as the driver stores them, converted once per distinct value in a batch."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self._conn = conn
        self._times: dict[datetime | None, object] = {None: None}

    def time(self, value: datetime | None) -> object:
        converted = self._times.get(value, _MISSING)
        if converted is _MISSING:
            converted = self._times[value] = db_time(self._conn, value)
        return converted

    @staticmethod
    def text(value: StrEnum | None) -> str | None:
        return None if value is None else _ENUM_TEXT[value]


_MISSING = object()
_ENUM_TEXT: dict[StrEnum, str] = {
    member: member.value
    for enum in (ConsentStatus, ConsentSource, ConsentType, RecipientType)
    for member in enum
}


async def apply_batch(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    rows: Sequence[BatchRow],
    now: datetime,
    *,
    import_job_id: int | None = None,
    actor_user_id: int | None = None,
    actor_key_id: int | None = None,
) -> BatchOutcome:
    """Apply the state rules in row order and write consents and movements through ``conn``.

    ``conn`` must be a transaction: the caller commits it together with whatever else belongs
    to the batch (an import's counters and row errors), so no batch is ever half-applied. On
    PostgreSQL the brand's writers are serialised by a transaction-scoped advisory lock, so two
    concurrent writes to one consent can never both pass the rules against the same state.
    """
    if not rows:
        return BatchOutcome()
    if is_postgres(conn):
        await fetch(conn, "SELECT pg_advisory_xact_lock(?)", [brand_id])
    plan = _Plan(stored=await _load_states(conn, tenant_id, brand_id, rows))
    for row in rows:
        _apply_row(plan, row, now)
    actor = (actor_user_id, actor_key_id)
    await _write(conn, tenant_id, brand_id, plan, now, import_job_id, actor)
    if plan.movements:  # delivered at commit, to consentChanged subscribers in every process
        await notify(conn, feed_topic(tenant_id, brand_id))
    return plan.outcome


async def gather_statistics(conn: BaseDBAsyncClient) -> bool:
    """Give PostgreSQL's planner statistics on consents as soon as there are some to gather
    (`bulk_pg.gather_statistics`); True when the caller need not ask again (always on SQLite)."""
    return not is_postgres(conn) or await bulk_pg.gather_statistics(conn)


def _key(consent: CheckedConsent) -> Key:
    return (_ENUM_TEXT[consent.type], _ENUM_TEXT[consent.recipient_type], consent.recipient)


async def _load_states(
    conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, rows: Sequence[BatchRow]
) -> dict[Key, _Stored]:
    if is_postgres(conn):
        keys = list({_key(row.consent) for row in rows})
        found = await bulk_pg.stored_states(conn, tenant_id, brand_id, keys)
    else:
        found = await _sqlite_states(conn, tenant_id, brand_id, rows)
    return {
        (r[1], r[2], r[3]): _Stored(r[0], _state(r[4], r[5], from_db_time(r[6]))) for r in found
    }


async def _sqlite_states(
    conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, rows: Sequence[BatchRow]
) -> list[Any]:
    # One lookup per (type, recipient_type), so each is a seek on the unique index
    # (tenant, brand, type, recipient_type, recipient); matching on recipient alone scans
    # every consent of the brand, which makes an import quadratic in the brand's size.
    by_kind: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        consent_type, recipient_type, recipient = _key(row.consent)
        by_kind.setdefault((consent_type, recipient_type), set()).add(recipient)
    query = (
        "SELECT id, type, recipient_type, recipient, status, source, consent_date FROM consent "
        "WHERE tenant_id = ? AND brand_id = ? AND type = ? AND recipient_type = ? "
        f"AND {any_of(conn, 'recipient')}"
    )
    found: list[Any] = []
    for (consent_type, recipient_type), wanted in by_kind.items():
        recipients = sorted(wanted)
        for start in range(0, len(recipients), LOOKUP_CHUNK):
            chunk = list_param(conn, recipients[start : start + LOOKUP_CHUNK])
            params = [tenant_id, brand_id, consent_type, recipient_type, chunk]
            found += await fetch(conn, query, params)
    return found


def _state(status: str, source: str | None, consent_date: datetime | None) -> StoredState:
    return StoredState(
        status=ConsentStatus(status),
        source=ConsentSource(source) if source else None,
        consent_date=consent_date,
    )


def _apply_row(plan: _Plan, row: BatchRow, now: datetime) -> None:
    key, new = _key(row.consent), row.consent
    current = plan.stored.get(key)
    try:
        decision = decide(current.state if current else None, new)
    except RuleViolation as violation:
        plan.outcome.rejected.append((row.line, violation))
        return
    if decision is Decision.UNCHANGED:
        plan.outcome.unchanged += 1
        return
    transaction_id = plan.transaction_id()
    state = StoredState(status=new.status, source=new.source, consent_date=new.consent_date)
    if current is None:
        plan.stored[key] = _Stored(None, state, (transaction_id, now))
    else:
        current.state, current.movement = state, (transaction_id, now)
    plan.movements.append((key, new, transaction_id))
    plan.outcome.applied += 1


async def _write(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    plan: _Plan,
    now: datetime,
    import_job_id: int | None,
    actor: tuple[int | None, int | None],
) -> None:
    changed = {key: s for key, s in plan.stored.items() if s.movement is not None}
    if not changed:
        return
    new_keys = [key for key, s in changed.items() if s.pk is None]
    existing = [s for s in changed.values() if s.pk is not None]
    for key, pk in zip(new_keys, await _reserve_ids(conn, len(new_keys)), strict=True):
        changed[key].pk = pk
    if is_postgres(conn):
        batch = bulk_pg.BatchWrite(tenant_id, brand_id, now, import_job_id, *actor)
        staged = _staged(plan, set(new_keys))
        updated = [s.pk for s in existing if s.pk is not None]
        await bulk_pg.write_movements(
            conn, batch, staged, any_new=bool(new_keys), updated_ids=updated
        )
        return
    columns = _Columns(conn)
    await _insert_consents(conn, columns, tenant_id, brand_id, {k: changed[k] for k in new_keys})
    await _update_consents(conn, columns, existing)
    await _insert_movements(conn, columns, tenant_id, brand_id, plan, now, import_job_id, actor)


def _staged(plan: _Plan, new_keys: set[Key]) -> list[tuple[Any, ...]]:
    """The plan's movements as rows of `bulk_pg.STAGE_COLUMNS`, in row order."""
    staged: list[tuple[Any, ...]] = []
    for ord_, (key, new, transaction_id) in enumerate(plan.movements):
        stored = plan.stored[key]
        final = stored.movement is not None and stored.movement[0] == transaction_id
        named = final and key in new_keys
        staged.append(
            (
                ord_,
                stored.pk,
                final,
                named,
                *(key if named else (None, None, None)),
                _ENUM_TEXT[new.status],
                None if new.source is None else _ENUM_TEXT[new.source],
                new.consent_date,
                transaction_id,
                new.late,
            )
        )
    return staged


async def _reserve_ids(conn: BaseDBAsyncClient, count: int) -> list[int]:
    """Primary keys for new consents, so movements can reference them in the same batch."""
    if count == 0:
        return []
    if is_postgres(conn):
        rows = await fetch(
            conn, "SELECT nextval('consent_id_seq') FROM generate_series(1, ?::int)", [count]
        )
        return [r[0] for r in rows]
    # SQLite has one writer at a time and this runs inside its transaction.
    rows = await fetch(
        conn,
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM consent), 0),"
        " COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'consent'), 0))",
        [],
    )
    first = int(rows[0][0]) + 1
    return list(range(first, first + count))


async def _insert_consents(
    conn: BaseDBAsyncClient,
    columns: _Columns,
    tenant_id: int,
    brand_id: int,
    new: dict[Key, _Stored],
) -> None:
    await execute_many(
        conn,
        "INSERT INTO consent (id, tenant_id, brand_id, type, recipient_type, recipient, status,"
        " source, consent_date, creation_date, transaction_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[s.pk, tenant_id, brand_id, *key, *_state_columns(columns, s)] for key, s in new.items()],
    )


async def _update_consents(conn: BaseDBAsyncClient, columns: _Columns, rows: list[_Stored]) -> None:
    await execute_many(
        conn,
        "UPDATE consent SET status = ?, source = ?, consent_date = ?, creation_date = ?,"
        " transaction_id = ? WHERE id = ?",
        [[*_state_columns(columns, s), s.pk] for s in rows],
    )


def _state_columns(columns: _Columns, stored: _Stored) -> list[object]:
    assert stored.movement is not None
    transaction_id, created = stored.movement
    state = stored.state
    return [
        columns.text(state.status),
        columns.text(state.source),
        columns.time(state.consent_date),
        columns.time(created),
        transaction_id,
    ]


async def _insert_movements(
    conn: BaseDBAsyncClient,
    columns: _Columns,
    tenant_id: int,
    brand_id: int,
    plan: _Plan,
    now: datetime,
    import_job_id: int | None,
    actor: tuple[int | None, int | None],
) -> None:
    """``actor`` is (user id, API key id) of whoever made the change, either may be None."""
    created = columns.time(now)
    await execute_many(
        conn,
        "INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, source,"
        " consent_date, creation_date, transaction_id, import_job_id, actor_user_id,"
        " actor_key_id, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                tenant_id,
                plan.stored[key].pk,
                brand_id,
                columns.text(new.status),
                columns.text(new.source),
                columns.time(new.consent_date),
                created,
                transaction_id,
                import_job_id,
                *actor,
                new.late,  # only an unenforced H467 lets a late consent this far
            ]
            for key, new, transaction_id in plan.movements
        ],
    )
