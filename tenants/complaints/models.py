"""Complaints and the notes a tenant's team writes on them."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class ComplaintStatus(StrEnum):
    OPEN = "OPEN"
    IN_REVIEW = "IN_REVIEW"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"


class Verdict(StrEnum):
    CONSENT_VALID = "CONSENT_VALID"
    NO_CONSENT = "NO_CONSENT"
    REJECTED_BEFORE = "REJECTED_BEFORE"
    EXEMPT = "EXEMPT"


class Informational(StrEnum):
    """Kinds of message that need no consent (iys-domain.md §3.6)."""

    INVOICE = "INVOICE"
    DELIVERY = "DELIVERY"
    SUBSCRIPTION = "SUBSCRIPTION"
    OTHER = "OTHER"


class Complaint(TenantScopedModel):
    """A complaint about one message, with the consent state at the time of the message."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    brand_id: int
    recipient = fields.CharField(max_length=265)
    type = fields.CharField(max_length=6)
    recipient_type = fields.CharField(max_length=8)
    message_at = fields.DatetimeField()
    content = fields.TextField()
    filed_by = fields.CharField(max_length=9)
    filed_by_user_id = fields.BigIntField(null=True)
    status = fields.CharField(max_length=9, default=ComplaintStatus.OPEN.value)
    assignee_id = fields.BigIntField(null=True)
    due_date = fields.DateField(null=True)
    informational = fields.CharField(max_length=12, null=True)
    evidence_status = fields.CharField(max_length=4, null=True)
    evidence_source = fields.CharField(max_length=24, null=True)
    evidence_consent_date = fields.DatetimeField(null=True)
    evidence_creation_date = fields.DatetimeField(null=True)
    evidence_transaction_id = fields.CharField(max_length=64, null=True)
    verdict = fields.CharField(max_length=15)
    screenshot_name = fields.CharField(max_length=80, null=True)
    screenshot_type = fields.CharField(max_length=16, null=True)
    screenshot_bytes = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "complaint"
        indexes = (("tenant_id", "brand_id", "id"), ("tenant_id", "status", "id"))


class ComplaintNote(TenantScopedModel):
    """A note by a team member on a complaint, kept in the order written."""

    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    complaint_id: int
    author_user_id = fields.BigIntField(null=True)
    text = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "complaint_note"
        indexes = (("tenant_id", "complaint_id", "id"),)
