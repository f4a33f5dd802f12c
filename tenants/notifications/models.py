"""The notice outbox and, per brand, how far its movements have been turned into notices."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class NoticeStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class Notice(TenantScopedModel):
    """One message to one address about one brand, at most one per Istanbul day."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    recipient = fields.CharField(max_length=265)
    channel = fields.CharField(max_length=6)
    types = fields.CharField(max_length=20)
    day = fields.DateField()
    status = fields.CharField(max_length=7, default=NoticeStatus.PENDING.value)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notice"
        unique_together = (("tenant", "brand", "recipient", "day"),)
        indexes = (("status", "next_attempt_at"),)


class NoticeCursor(TenantScopedModel):
    """The id of the last movement of a brand already considered for notices."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    last_movement_id = fields.BigIntField(default=0)

    class Meta:
        table = "notice_cursor"
        unique_together = (("tenant", "brand"),)
