from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_team_access')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Complaint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('recipient', fields.CharField(max_length=265)),
                ('type', fields.CharField(max_length=6)),
                ('recipient_type', fields.CharField(max_length=8)),
                ('message_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('content', fields.TextField(unique=False)),
                ('filed_by', fields.CharField(max_length=9)),
                ('filed_by_user_id', fields.BigIntField(null=True)),
                ('status', fields.CharField(default='OPEN', max_length=9)),
                ('assignee_id', fields.BigIntField(null=True)),
                ('due_date', fields.DateField(null=True)),
                ('informational', fields.CharField(null=True, max_length=12)),
                ('evidence_status', fields.CharField(null=True, max_length=4)),
                ('evidence_source', fields.CharField(null=True, max_length=24)),
                ('evidence_consent_date', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('evidence_creation_date', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('evidence_transaction_id', fields.CharField(null=True, max_length=64)),
                ('verdict', fields.CharField(max_length=15)),
                ('screenshot_name', fields.CharField(null=True, max_length=80)),
                ('screenshot_type', fields.CharField(null=True, max_length=16)),
                ('screenshot_bytes', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaint', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'brand_id', 'id']), Index(fields=['tenant_id', 'status', 'id'])], 'pk_attr': 'id', 'table_description': 'A complaint about one message, with the consent state at the time of the message.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='ComplaintNote',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('author_user_id', fields.BigIntField(null=True)),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaint_note', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'complaint_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A note by a team member on a complaint, kept in the order written.'},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='Webhook',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('secret', fields.CharField(max_length=64)),
                ('events', fields.CharField(max_length=9)),
                ('active', fields.BooleanField(default=True)),
                ('disabled_reason', fields.CharField(null=True, max_length=200)),
                ('failures_in_a_row', fields.IntField(default=0)),
                ('last_movement_id', fields.BigIntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'brand_id', 'id'])], 'pk_attr': 'id', 'table_description': "An endpoint that receives a brand's movements after ``last_movement_id``, in order."},
            bases=['TenantScopedModel'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('webhook', fields.ForeignKeyField('models.Webhook', source_field='webhook_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('payload', fields.TextField(unique=False)),
                ('movements', fields.IntField()),
                ('status', fields.CharField(default='PENDING', max_length=9)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('response_status', fields.IntField(null=True)),
                ('error', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'webhook_id', 'id']), Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One signed POST of a batch of movements, retried with backoff until it succeeds.'},
            bases=['TenantScopedModel'],
        ),
    ]
