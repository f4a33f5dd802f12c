"""Consents (izin) and their movements: every accepted change is a movement kept forever."""

from __future__ import annotations

from tortoise import fields

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class Consent(TenantScopedModel):
    """The latest state of one (brand, recipient, recipientType, type), copied from its movement."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    type = fields.CharField(max_length=6)
    recipient_type = fields.CharField(max_length=8)
    recipient = fields.CharField(max_length=265)
    status = fields.CharField(max_length=4)
    source = fields.CharField(max_length=24, null=True)
    consent_date = fields.DatetimeField(null=True)
    creation_date = fields.DatetimeField()
    transaction_id = fields.CharField(max_length=64)

    class Meta:
        table = "consent"
        unique_together = (("tenant", "brand", "type", "recipient_type", "recipient"),)
        indexes = (("tenant_id", "brand_id", "status"),)


class ConsentMovement(TenantScopedModel):
    """One accepted change of a consent, in the order it was recorded."""

    consent: fields.ForeignKeyRelation[Consent] = fields.ForeignKeyField(
        "models.Consent", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    consent_id: int
    brand_id = fields.BigIntField()
    status = fields.CharField(max_length=4)
    source = fields.CharField(max_length=24, null=True)
    consent_date = fields.DatetimeField(null=True)
    creation_date = fields.DatetimeField()
    transaction_id = fields.CharField(max_length=64)
    import_job_id = fields.BigIntField(null=True)
    actor_user_id = fields.BigIntField(null=True)
    actor_key_id = fields.BigIntField(null=True)
    # Older than three business days, accepted because the tenant does not enforce H467
    late = fields.BooleanField(default=False, db_default=False)

    class Meta:
        table = "consent_movement"
        indexes = (("tenant_id", "consent_id", "id"), ("tenant_id", "brand_id", "id"))
