from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tenants.accounts.models import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# The audit trail is append-only: the database itself refuses to change or remove an event,
# except when its tenant is being deleted (the cascade of erasing a tenant's data).
POSTGRES_GUARD = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM tenant WHERE id = OLD.tenant_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
SQLITE_GUARD = """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
WHEN EXISTS (SELECT 1 FROM tenant WHERE id = OLD.tenant_id)
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""


async def guard_audit_events(apps, schema_editor):
    client = schema_editor.client
    dialect = getattr(client.capabilities, "dialect", "")
    await client.execute_script(POSTGRES_GUARD if dialect == "postgres" else SQLITE_GUARD)


async def drop_guard(apps, schema_editor):
    client = schema_editor.client
    if getattr(client.capabilities, "dialect", "") == "postgres":
        await client.execute_script(
            "DROP TRIGGER audit_event_append_only ON audit_event;"
            " DROP FUNCTION audit_event_append_only();"
        )
    else:
        await client.execute_script(
            "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;"
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('role', fields.CharEnumField(description='OWNER: OWNER\nADMIN: ADMIN\nEDITOR: EDITOR\nVIEWER: VIEWER', enum_type=Role, max_length=10)),
                ('scope', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('prefix', fields.CharField(max_length=16)),
                ('secret_hash', fields.CharField(unique=True, max_length=64)),
                ('created_by_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_key', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A machine credential with a role and a scope, stored only as the SHA-256 of its secret.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor_user_id', fields.BigIntField(null=True)),
                ('actor_key_id', fields.BigIntField(null=True)),
                ('action', fields.CharField(max_length=64)),
                ('entity_type', fields.CharField(max_length=32)),
                ('entity_id', fields.BigIntField(null=True)),
                ('before', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('client_ip', fields.CharField(max_length=64)),
                ('user_agent', fields.CharField(max_length=512)),
            ],
            options={'table': 'audit_event', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'entity_type', 'entity_id'])], 'pk_attr': 'id', 'table_description': 'One change, with its actor (a user or an API key), its before and after, and its origin.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=254)),
                ('role', fields.CharEnumField(description='OWNER: OWNER\nADMIN: ADMIN\nEDITOR: EDITOR\nVIEWER: VIEWER', enum_type=Role, max_length=10)),
                ('scope', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('invited_by_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('accepted_user_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'invitation', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'email'])], 'pk_attr': 'id', 'table_description': 'A one-time link to join the tenant, stored only as the SHA-256 of its token.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('recipient', fields.CharField(max_length=265)),
                ('channel', fields.CharField(max_length=6)),
                ('types', fields.CharField(max_length=20)),
                ('day', fields.DateField()),
                ('status', fields.CharField(default='PENDING', max_length=7)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notice', 'app': 'models', 'unique_together': (('tenant', 'brand', 'recipient', 'day'),), 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One message to one address about one brand, at most one per Istanbul day.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='NoticeCursor',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('last_movement_id', fields.BigIntField(default=0)),
            ],
            options={'table': 'notice_cursor', 'app': 'models', 'unique_together': (('tenant', 'brand'),), 'pk_attr': 'id', 'table_description': 'The id of the last movement of a brand already considered for notices.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='PasswordReset',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'password_reset', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time password reset token of one user, stored only as its SHA-256.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='RecipientCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('address', fields.CharField(db_index=True, max_length=265)),
                ('code_hash', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('failed_attempts', fields.IntField(default=0)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'recipient_code', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time code sent to an address, valid 15 minutes and for 3 wrong tries.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecipientSession',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('address', fields.CharField(max_length=265)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'recipient_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A proven address: the recipient token grants this address and nothing else.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RejectionLink',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('recipient', fields.CharField(max_length=265)),
                ('channel', fields.CharField(max_length=6)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'rejection_link', 'app': 'models', 'pk_attr': 'id', 'table_description': "A one-click link from a notice: rejects this brand's consents for this address only."},
            bases=['TenantScopedModel'],
        ),
        ops.AddField(
            model_name='ConsentMovement',
            name='actor_key_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='User',
            name='scope',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='ImportJob',
            name='created_by_key_id',
            field=fields.BigIntField(null=True),
        ),
        ops.RunPython(guard_audit_events, drop_guard),
    ]
