from tortoise import migrations
from tortoise.migrations import operations as ops

# Row-level security on PostgreSQL: a row of a tenant-owned table exists for a transaction only
# when its tenant_id equals the transaction-local setting app.tenant_id, set by the application
# with set_config(..., true) at the start of each transaction (server/core/pg_client.py).
# app.cross_tenant = 'on' lets a transaction read (never write) across tenants; the application
# uses it only in the modules tests/unit/test_cross_tenant_reads.py names. FORCE applies the policies to the
# tables' owner too; superusers and BYPASSRLS roles are the only ones they do not bind, and the
# application's role is neither (server/core/db.py grant_app_role).
# Tables added later need the same statements in their own migration; a test fails otherwise.

TENANT_TABLES = (
    "api_key",
    "auth_session",
    "invitation",
    "password_reset",
    "refresh_token",
    "app_user",
    "brand",
    "provider",
    "consent",
    "consent_movement",
    "import_job",
    "import_row_error",
    "notice",
    "notice_cursor",
    "rejection_link",
    "complaint",
    "complaint_note",
    "webhook",
    "webhook_delivery",
    "audit_event",
)

CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::bigint"
CROSS_TENANT_READ = "current_setting('app.cross_tenant', true) = 'on'"


def _secure(table, column):
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;"
        f" ALTER TABLE {table} FORCE ROW LEVEL SECURITY;"
        f" CREATE POLICY tenant_rows ON {table}"
        f" USING ({column} = {CURRENT_TENANT}) WITH CHECK ({column} = {CURRENT_TENANT});"
        f" CREATE POLICY cross_tenant_read ON {table} FOR SELECT USING ({CROSS_TENANT_READ});"
    )


def _unsecure(table):
    return (
        f"DROP POLICY IF EXISTS cross_tenant_read ON {table};"
        f" DROP POLICY IF EXISTS tenant_rows ON {table};"
        f" ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;"
        f" ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"
    )


def _is_postgres(schema_editor):
    return getattr(schema_editor.client.capabilities, "dialect", "") == "postgres"


async def enable_row_level_security(apps, schema_editor):
    if not _is_postgres(schema_editor):
        return  # SQLite has no row-level security; the application filters remain
    statements = [_secure("tenant", "id")] + [_secure(t, "tenant_id") for t in TENANT_TABLES]
    await schema_editor.client.execute_script("\n".join(statements))


async def disable_row_level_security(apps, schema_editor):
    if not _is_postgres(schema_editor):
        return
    statements = [_unsecure(t) for t in ("tenant", *TENANT_TABLES)]
    await schema_editor.client.execute_script("\n".join(statements))


class Migration(migrations.Migration):
    dependencies = [("models", "0005_tenant_keys")]

    initial = False

    operations = [
        ops.RunPython(enable_row_level_security, disable_row_level_security),
    ]
