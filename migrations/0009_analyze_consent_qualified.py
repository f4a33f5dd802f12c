from tortoise import migrations
from tortoise.migrations import operations as ops

# iys_analyze_consent (0007) named its table unqualified under search_path = public, and
# PostgreSQL looks in the session's temporary schema first unless pg_temp is listed: the
# application's role could make the owner's function analyse a temporary table of its own
# instead. The table is now named with the schema it lives in, and pg_temp is searched last.
REPLACE = """
DO $do$
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION iys_analyze_consent() RETURNS void'
    ' LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp'
    ' AS $f$ BEGIN ANALYZE %I.consent; END $f$',
    (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = 'consent' AND c.relkind IN ('r', 'p')
       AND n.nspname = ANY (current_schemas(false))
     ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1));
END
$do$;
REVOKE ALL ON FUNCTION iys_analyze_consent() FROM PUBLIC;
"""

RESTORE = """
CREATE OR REPLACE FUNCTION iys_analyze_consent() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$ BEGIN ANALYZE consent; END $$;
REVOKE ALL ON FUNCTION iys_analyze_consent() FROM PUBLIC;
"""


def _is_postgres(schema_editor):
    return getattr(schema_editor.client.capabilities, "dialect", "") == "postgres"


async def qualify(apps, schema_editor):
    if _is_postgres(schema_editor):
        await schema_editor.client.execute_script(REPLACE)


async def unqualify(apps, schema_editor):
    if _is_postgres(schema_editor):
        await schema_editor.client.execute_script(RESTORE)


class Migration(migrations.Migration):
    dependencies = [("models", "0008_implied_tenant_keys")]

    initial = False

    operations = [
        ops.RunPython(qualify, unqualify),
    ]
