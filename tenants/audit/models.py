"""Audit events, one row per change of tenant data, never updated or deleted."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from tenants.core.models import TenantScopedModel


class AuditEvent(TenantScopedModel):
    """One change, with its actor (a user or an API key), its before and after, and its origin."""

    at = fields.DatetimeField()
    actor_user_id = fields.BigIntField(null=True)
    actor_key_id = fields.BigIntField(null=True)
    action = fields.CharField(max_length=64)
    entity_type = fields.CharField(max_length=32)
    entity_id = fields.BigIntField(null=True)
    before: fields.JSONField[Any] = fields.JSONField(null=True)
    after: fields.JSONField[Any] = fields.JSONField(null=True)
    client_ip = fields.CharField(max_length=64)
    user_agent = fields.CharField(max_length=512)

    class Meta:
        table = "audit_event"
        indexes = (("tenant_id", "entity_type", "entity_id"),)
