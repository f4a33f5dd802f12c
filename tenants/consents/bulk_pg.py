"""PostgreSQL side of `bulk.apply_batch`: stored states by key, and writes through COPY.

The batch's movements, decided in Python by the rules engine, are copied (binary COPY) into a
temporary staging table and applied with three set-based statements: new consents, updated
consents, movements. Tenant-owned tables are written only by INSERT/UPDATE, never by COPY, so
row-level security checks every row as usual (PostgreSQL refuses COPY FROM into a table under
row-level security); the staging table is private to the session and emptied at every commit.

The stored states are read by single-key probes of the unique index. The planner must not
believe the brand small: from statistics that predate a brand (a new tenant's first import, a
brand growing by 200,000 rows between two analyses) it estimates one row for (tenant, brand)
and walks the brand through (tenant, brand, id) or (tenant, brand, status) on every probe,
which makes the import quadratic (minutes per batch). So the probe names tenant and brand
through parameters the planner cannot see (sub-selects, run once): it then estimates by the
average brand and only the unique index answers a probe in one row. `gather_statistics`
still analyses the table once it first holds rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.core.sql import copy_records, fetch

Key = tuple[str, str, str]  # (type, recipient_type, recipient)

STAGE = "consent_import_stage"
STAGE_COLUMNS = (
    "ord",
    "consent_id",
    "final",
    "is_new",
    "type",
    "recipient_type",
    "recipient",
    "status",
    "source",
    "consent_date",
    "transaction_id",
    "late",
)
"""One staged movement: ``final`` when its state is the consent's state after the batch,
``is_new`` when the consent is created by the batch (then type and recipient are set)."""

_CREATE_STAGE = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} (
    ord integer NOT NULL,
    consent_id bigint NOT NULL,
    final boolean NOT NULL,
    is_new boolean NOT NULL,
    type text,
    recipient_type text,
    recipient text,
    status text NOT NULL,
    source text,
    consent_date timestamptz,
    transaction_id text NOT NULL,
    late boolean NOT NULL
) ON COMMIT DELETE ROWS"""

# One single-key probe per wanted key: a LIMIT subquery is never flattened into a join. With
# `recipient = ANY(array)` the planner counts one index descent per element and prefers walking
# the brand whenever it believes the brand small; `(SELECT $1)` hides the values (see above).
_STORED_STATES = """
SELECT c.id, w.type, w.recipient_type, w.recipient, c.status, c.source, c.consent_date
FROM unnest($3::text[], $4::text[], $5::text[]) AS w(type, recipient_type, recipient)
CROSS JOIN LATERAL (
    SELECT consent.id, consent.status, consent.source, consent.consent_date FROM consent
    WHERE consent.tenant_id = (SELECT $1::bigint) AND consent.brand_id = (SELECT $2::bigint)
      AND consent.type = w.type
      AND consent.recipient_type = w.recipient_type AND consent.recipient = w.recipient
    LIMIT 1
) AS c"""

_INSERT_CONSENTS = f"""
INSERT INTO consent (id, tenant_id, brand_id, type, recipient_type, recipient, status, source,
                     consent_date, creation_date, transaction_id)
SELECT consent_id, $1::bigint, $2::bigint, type, recipient_type, recipient, status, source,
       consent_date, $3::timestamptz, transaction_id
FROM {STAGE} WHERE final AND is_new"""

# The consents are found by primary key from an id array (the only index on id), not by a join
# the planner might turn into a scan of the whole table.
_UPDATE_CONSENTS = f"""
UPDATE consent SET status = s.status, source = s.source, consent_date = s.consent_date,
                   creation_date = $3, transaction_id = s.transaction_id
FROM {STAGE} AS s
WHERE consent.id = ANY($4::bigint[]) AND s.consent_id = consent.id AND s.final
  AND consent.tenant_id = $1 AND consent.brand_id = $2"""

_INSERT_MOVEMENTS = f"""
INSERT INTO consent_movement (tenant_id, consent_id, brand_id, status, source, consent_date,
                              creation_date, transaction_id, import_job_id, actor_user_id,
                              actor_key_id, late)
SELECT $1::bigint, consent_id, $2::bigint, status, source, consent_date, $3::timestamptz,
       transaction_id, $4::bigint, $5::bigint, $6::bigint, late
FROM {STAGE} ORDER BY ord"""


_MIN_ROWS_TO_ANALYSE = 1000
# pg_stats hides the statistics of a table under row-level security from a role that row-level
# security binds, so whether consent was ever analysed is read from the statistics counters.
_HAS_STATISTICS = """
SELECT COALESCE((SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL
                 FROM pg_stat_user_tables WHERE relid = 'consent'::regclass), false),
       (SELECT count(*) FROM (SELECT 1 FROM consent LIMIT $1) AS sample)"""


@dataclass(frozen=True, slots=True)
class BatchWrite:
    """Whose batch it is and when: the same for every row of the batch."""

    tenant_id: int
    brand_id: int
    now: datetime
    import_job_id: int | None
    actor_user_id: int | None
    actor_key_id: int | None


async def stored_states(
    conn: BaseDBAsyncClient, tenant_id: int, brand_id: int, keys: Sequence[Key]
) -> list[Any]:
    """(id, type, recipient_type, recipient, status, source, consent_date) of each stored key."""
    if not keys:
        return []
    ordered = sorted(keys)  # neighbouring probes touch neighbouring index pages
    types, recipient_types, recipients = (list(column) for column in zip(*ordered, strict=True))
    params = [tenant_id, brand_id, types, recipient_types, recipients]
    _, rows = await conn.execute_query(_STORED_STATES, params)
    return list(rows)


async def write_movements(
    conn: BaseDBAsyncClient,
    batch: BatchWrite,
    staged: Sequence[Sequence[Any]],
    *,
    any_new: bool,
    updated_ids: Sequence[int],
) -> None:
    """Stage ``staged`` (rows of `STAGE_COLUMNS`) and apply it: ``any_new`` when it creates
    consents, ``updated_ids`` the stored consents it changes. ``conn`` is the batch's
    transaction."""
    if not staged:
        return
    await conn.execute_script(_CREATE_STAGE)
    await copy_records(conn, STAGE, STAGE_COLUMNS, staged)
    head = [batch.tenant_id, batch.brand_id, batch.now]
    if any_new:
        await fetch(conn, _INSERT_CONSENTS, head)
    if updated_ids:
        await fetch(conn, _UPDATE_CONSENTS, [*head, list(updated_ids)])
    actor = [batch.import_job_id, batch.actor_user_id, batch.actor_key_id]
    await fetch(conn, _INSERT_MOVEMENTS, [*head, *actor])


async def gather_statistics(conn: BaseDBAsyncClient) -> bool:
    """ANALYZE consent if it holds rows but the planner has no statistics on it yet.

    True once statistics exist (the caller need not ask again), False while the table is still
    too small to be worth analysing. Autovacuum does the same later on; an import must not wait
    for it. The application's role owns no table, so it asks the owner's function
    (migrations/0007_analyze_consent.py).
    """
    _, rows = await conn.execute_query(_HAS_STATISTICS, [_MIN_ROWS_TO_ANALYSE])
    has_statistics, rows_seen = rows[0][0], rows[0][1]
    if has_statistics:
        return True
    if rows_seen < _MIN_ROWS_TO_ANALYSE:
        return False
    await conn.execute_query("SELECT iys_analyze_consent()")
    return True
