"""Webhooks and the log of their deliveries."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class WebhookEvents(StrEnum):
    ALL = "ALL"
    RECIPIENT = "RECIPIENT"


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class Webhook(TenantScopedModel):
    """An endpoint that receives a brand's movements after ``last_movement_id``, in order."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    url = fields.CharField(max_length=2000)
    secret = fields.CharField(max_length=64)
    events = fields.CharField(max_length=9)
    active = fields.BooleanField(default=True)
    disabled_reason = fields.CharField(max_length=200, null=True)
    failures_in_a_row = fields.IntField(default=0)
    last_movement_id = fields.BigIntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook"
        indexes = (("tenant_id", "brand_id", "id"),)


class WebhookDelivery(TenantScopedModel):
    """One signed POST of a batch of movements, retried with backoff until it succeeds."""

    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "models.Webhook", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    webhook_id: int
    payload = fields.TextField()
    movements = fields.IntField()
    status = fields.CharField(max_length=9, default=DeliveryStatus.PENDING.value)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    response_status = fields.IntField(null=True)
    error = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField()
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        indexes = (("tenant_id", "webhook_id", "id"), ("status", "next_attempt_at"))
