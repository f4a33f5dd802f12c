from tortoise import migrations
from tortoise.migrations import operations as ops

# Planner statistics for consents, asked for by an import as soon as the table holds rows
# (tenants/consents/bulk_pg.py gather_statistics). ANALYZE needs the table's owner, and the
# application's role owns nothing, so the owner lends it exactly this one statement.
# ANALYZE reads the table's storage, not rows through queries: row-level security is not involved.
CREATE = """
CREATE FUNCTION iys_analyze_consent() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$ BEGIN ANALYZE consent; END $$;
REVOKE ALL ON FUNCTION iys_analyze_consent() FROM PUBLIC;
"""


def _is_postgres(schema_editor):
    return getattr(schema_editor.client.capabilities, "dialect", "") == "postgres"


async def create_function(apps, schema_editor):
    if _is_postgres(schema_editor):
        await schema_editor.client.execute_script(CREATE)


async def drop_function(apps, schema_editor):
    if _is_postgres(schema_editor):
        await schema_editor.client.execute_script("DROP FUNCTION iys_analyze_consent();")


class Migration(migrations.Migration):
    dependencies = [("models", "0006_row_level_security")]

    initial = False

    operations = [
        ops.RunPython(create_function, drop_function),
    ]
