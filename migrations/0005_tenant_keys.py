"""Citus-ready keys on PostgreSQL: the tenant in every primary, unique and foreign key.

Citus distributes a table by one column (``tenant_id`` here) and requires that column in every
primary key and unique constraint of a distributed table, and in every foreign key between two
distributed tables. On PostgreSQL this migration turns each tenant-owned table's primary key
into (tenant_id, id), widens the single-column token keys with tenant_id, and replaces each
foreign key between tenant-owned tables by (tenant_id, x_id) -> (tenant_id, id), keeping its
ON DELETE action. Foreign keys to ``tenant`` stay: it becomes a Citus reference table, which a
distributed table may reference. SQLite keeps its keys (nothing ever distributes it).

It runs on a database that already holds data (every statement validates the rows it covers; a
row whose parent belongs to another tenant stops it, as it should), in one transaction, and it
is reversible. docs/scaling.md explains the whole path; tests/api/core/test_tenant_keys.py
checks the result against the catalog.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

TENANT_TABLES = (
    "provider",
    "brand",
    "consent",
    "consent_movement",
    "import_job",
    "import_row_error",
    "app_user",
    "auth_session",
    "refresh_token",
    "invitation",
    "password_reset",
    "api_key",
    "audit_event",
    "notice",
    "notice_cursor",
    "rejection_link",
    "complaint",
    "complaint_note",
    "webhook",
    "webhook_delivery",
)
# Every foreign key between two tenant-owned tables: (table, column, referenced table).
REFERENCES = (
    ("brand", "provider_id", "provider"),
    ("consent", "brand_id", "brand"),
    ("consent_movement", "consent_id", "consent"),
    ("import_job", "brand_id", "brand"),
    ("import_row_error", "job_id", "import_job"),
    ("auth_session", "user_id", "app_user"),
    ("refresh_token", "session_id", "auth_session"),
    ("password_reset", "user_id", "app_user"),
    ("notice", "brand_id", "brand"),
    ("notice_cursor", "brand_id", "brand"),
    ("rejection_link", "brand_id", "brand"),
    ("complaint", "brand_id", "brand"),
    ("complaint_note", "complaint_id", "complaint"),
    ("webhook", "brand_id", "brand"),
    ("webhook_delivery", "webhook_id", "webhook"),
)
# Secrets are found by their hash before the tenant is known, so the hash leads the new key
# (one index serves that lookup and satisfies Citus).
TOKEN_KEYS = (
    ("refresh_token", "token_hash"),
    ("invitation", "token_hash"),
    ("password_reset", "token_hash"),
    ("api_key", "secret_hash"),
    ("rejection_link", "token_hash"),
)
# The ORM still finds rows by id alone (instance.save(), joins of select_related), so tables
# keep a plain index on id, except these append-only ones, always reached through the tenant.
NO_ID_INDEX = frozenset({"consent_movement", "audit_event", "import_row_error"})
# Referencing columns that had no index starting with (tenant_id, column): deleting a parent
# row would scan the child table.
FOREIGN_KEY_INDEXES = (
    ("auth_session", "user_id"),
    ("refresh_token", "session_id"),
    ("password_reset", "user_id"),
    ("rejection_link", "brand_id"),
)
# A brand's consents newest first (the consents page, its cursor): without this index the
# planner walks the whole table backwards by id, filtering on the brand (0.8 s for a brand of
# 10,000 in a table of 1.2 million, bench/RESULTS.md).
PAGE_INDEX = "CREATE INDEX consent_tenant_brand_id_idx ON consent (tenant_id, brand_id, id)"
ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

CONSTRAINTS = """
SELECT c.conname, c.contype::text AS contype, c.confdeltype::text AS confdeltype,
       c.confrelid::regclass::text AS target,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
             ORDER BY k.pos) AS columns
FROM pg_constraint c WHERE c.conrelid = $1::regclass
"""


def _is_postgres(schema_editor) -> bool:
    return getattr(schema_editor.client.capabilities, "dialect", "") == "postgres"


async def _find(client, table: str, kind: str, columns: list[str], target: str = "") -> dict:
    """The one constraint of ``kind`` ('p', 'u', 'f') on exactly ``columns`` of ``table``."""
    rows = await client.execute_query_dict(CONSTRAINTS, [table])
    found = [
        r
        for r in rows
        if r["contype"] == kind
        and list(r["columns"]) == columns
        and (not target or r["target"] == target)
    ]
    if len(found) != 1:
        raise RuntimeError(f"expected one {kind} constraint on {table}{tuple(columns)}: {found}")
    return found[0]


def _action(fk: dict, set_column: str) -> str:
    action = ON_DELETE[fk["confdeltype"]]
    # A composite key must never null or reset the tenant: only the referencing column.
    return f"{action} ({set_column})" if fk["confdeltype"] in "nd" else action


async def tenant_keys(apps, schema_editor) -> None:
    if not _is_postgres(schema_editor):
        return
    client = schema_editor.client
    actions = {}
    for table, column, target in REFERENCES:
        fk = await _find(client, table, "f", [column], target)
        actions[table, column] = _action(fk, column)
        await client.execute_script(f'ALTER TABLE {table} DROP CONSTRAINT "{fk["conname"]}"')
    for table in TENANT_TABLES:
        pk = await _find(client, table, "p", ["id"])
        await client.execute_script(
            f'ALTER TABLE {table} DROP CONSTRAINT "{pk["conname"]}";'
            f" ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (tenant_id, id);"
        )
        if table not in NO_ID_INDEX:
            await client.execute_script(f"CREATE INDEX {table}_id_idx ON {table} (id)")
    for table, column in TOKEN_KEYS:
        key = await _find(client, table, "u", [column])
        await client.execute_script(
            f'ALTER TABLE {table} DROP CONSTRAINT "{key["conname"]}";'
            f" ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_key"
            f" UNIQUE ({column}, tenant_id);"
        )
    for table, column in FOREIGN_KEY_INDEXES:
        await client.execute_script(
            f"CREATE INDEX {table}_tenant_{column}_idx ON {table} (tenant_id, {column})"
        )
    await client.execute_script(PAGE_INDEX)
    for table, column, target in REFERENCES:
        await client.execute_script(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fkey"
            f" FOREIGN KEY (tenant_id, {column}) REFERENCES {target} (tenant_id, id)"
            f" ON DELETE {actions[table, column]}"
        )


async def single_column_keys(apps, schema_editor) -> None:
    """The reverse: the keys as 0004 left them, with the same ON DELETE actions."""
    if not _is_postgres(schema_editor):
        return
    client = schema_editor.client
    actions = {}
    for table, column, target in REFERENCES:
        fk = await _find(client, table, "f", ["tenant_id", column], target)
        actions[table, column] = ON_DELETE[fk["confdeltype"]]
        await client.execute_script(f'ALTER TABLE {table} DROP CONSTRAINT "{fk["conname"]}"')
    await client.execute_script("DROP INDEX IF EXISTS consent_tenant_brand_id_idx")
    for table, column in FOREIGN_KEY_INDEXES:
        await client.execute_script(f"DROP INDEX IF EXISTS {table}_tenant_{column}_idx")
    for table, column in TOKEN_KEYS:
        key = await _find(client, table, "u", [column, "tenant_id"])
        await client.execute_script(
            f'ALTER TABLE {table} DROP CONSTRAINT "{key["conname"]}";'
            f" ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_key UNIQUE ({column});"
        )
    for table in TENANT_TABLES:
        pk = await _find(client, table, "p", ["tenant_id", "id"])
        await client.execute_script(
            f"DROP INDEX IF EXISTS {table}_id_idx;"
            f' ALTER TABLE {table} DROP CONSTRAINT "{pk["conname"]}";'
            f" ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (id);"
        )
    for table, column, target in REFERENCES:
        await client.execute_script(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fkey"
            f" FOREIGN KEY ({column}) REFERENCES {target} (id)"
            f" ON DELETE {actions[table, column]}"
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0004_late_consents")]

    initial = False

    operations = [ops.RunPython(tenant_keys, single_column_keys)]
