"""What the recipient side keeps: rejection links, one-time codes and recipient sessions.

Codes and sessions belong to an address, not to a tenant: a person proves an address once and
then sees it across every tenant. Only SHA-256 hashes of codes and tokens are stored.
"""

from __future__ import annotations

from tortoise import fields, models

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class RejectionLink(TenantScopedModel):
    """A one-click link from a notice: rejects this brand's consents for this address only."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    recipient = fields.CharField(max_length=265)
    channel = fields.CharField(max_length=6)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "rejection_link"


class RecipientCode(models.Model):
    """A one-time code sent to an address, valid 15 minutes and for 3 wrong tries."""

    id = fields.BigIntField(primary_key=True)
    address = fields.CharField(max_length=265, db_index=True)
    code_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    failed_attempts = fields.IntField(default=0)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "recipient_code"


class RecipientSession(models.Model):
    """A proven address: the recipient token grants this address and nothing else."""

    id = fields.BigIntField(primary_key=True)
    address = fields.CharField(max_length=265)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = "recipient_session"
