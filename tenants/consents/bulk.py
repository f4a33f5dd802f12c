"""Set-based application of checked consents: one read and a few writes per batch.

recordConsent is a batch of one; the importer sends a few thousand rows at a time. The state
rules run in Python, in row order, against the stored states read once for the whole batch, so
several rows for one consent in a batch see each other's effect exactly as separate calls would.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from server.core.sql import (
    any_of,
    db_time,
    execute_many,
    fetch,
    from_db_time,
    is_postgres,
    list_param,
)
from tenants.consents.codes import ConsentSource, ConsentStatus
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


async def apply_batch(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    rows: Sequence[BatchRow],
    now: datetime,
    *,
    import_job_id: int | None = None,
    actor_user_id: int | None = None,
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
    await _write(conn, tenant_id, brand_id, plan, now, import_job_id, actor_user_id)
    return plan.outcome


def _key(consent: CheckedConsent) -> Key:
    return (consent.type.value, consent.recipient_type.value, consent.recipient)


async def _load_states(
    conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, rows: Sequence[BatchRow]
) -> dict[Key, _Stored]:
    recipients = sorted({row.consent.recipient for row in rows})
    wanted = {_key(row.consent) for row in rows}
    found: dict[Key, _Stored] = {}
    query = (
        "SELECT id, type, recipient_type, recipient, status, source, consent_date FROM consent "
        f"WHERE tenant_id = ? AND brand_id = ? AND {any_of(conn, 'recipient')}"
    )
    for start in range(0, len(recipients), LOOKUP_CHUNK):
        chunk = recipients[start : start + LOOKUP_CHUNK]
        for r in await fetch(conn, query, [tenant_id, brand_id, list_param(conn, chunk)]):
            key = (r[1], r[2], r[3])
            if key in wanted:
                found[key] = _Stored(r[0], _state(r[4], r[5], from_db_time(r[6])))
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
    transaction_id = secrets.token_hex(32)
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
    actor_user_id: int | None,
) -> None:
    changed = {key: s for key, s in plan.stored.items() if s.movement is not None}
    if not changed:
        return
    new_keys = [key for key, s in changed.items() if s.pk is None]
    existing = [s for s in changed.values() if s.pk is not None]
    for key, pk in zip(new_keys, await _reserve_ids(conn, len(new_keys)), strict=True):
        changed[key].pk = pk
    await _insert_consents(conn, tenant_id, brand_id, {k: changed[k] for k in new_keys})
    await _update_consents(conn, existing)
    await _insert_movements(conn, tenant_id, brand_id, plan, now, import_job_id, actor_user_id)


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
    conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, new: dict[Key, _Stored]
) -> None:
    await execute_many(
        conn,
        "INSERT INTO consent (id, tenant_id, brand_id, type, recipient_type, recipient, status,"
        " source, consent_date, creation_date, transaction_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[s.pk, tenant_id, brand_id, *key, *_state_columns(conn, s)] for key, s in new.items()],
    )


async def _update_consents(conn: BaseDBAsyncClient, rows: list[_Stored]) -> None:
    await execute_many(
        conn,
        "UPDATE consent SET status = ?, source = ?, consent_date = ?, creation_date = ?,"
        " transaction_id = ? WHERE id = ?",
        [[*_state_columns(conn, s), s.pk] for s in rows],
    )


def _state_columns(conn: BaseDBAsyncClient, stored: _Stored) -> list[object]:
    assert stored.movement is not None
    transaction_id, created = stored.movement
    state = stored.state
    return [
        state.status.value,
        state.source.value if state.source else None,
        db_time(conn, state.consent_date),
        db_time(conn, created),
        transaction_id,
    ]


async def _insert_movements(
    conn: BaseDBAsyncClient,
    tenant_id: int,
    brand_id: int,
    plan: _Plan,
    now: datetime,
    import_job_id: int | None,
    actor_user_id: int | None,
) -> None:
    created = db_time(conn, now)
    await execute_many(
        conn,
        "INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, source,"
        " consent_date, creation_date, transaction_id, import_job_id, actor_user_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                tenant_id,
                plan.stored[key].pk,
                brand_id,
                new.status.value,
                new.source.value if new.source else None,
                db_time(conn, new.consent_date),
                created,
                transaction_id,
                import_job_id,
                actor_user_id,
            ]
            for key, new, transaction_id in plan.movements
        ],
    )
