"""The tenant and the abstract base that every tenant-owned row inherits."""

from __future__ import annotations

from tortoise import fields, models


class Tenant(models.Model):
    """An agency or a service provider, the owner of every other row."""

    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=63, unique=True)
    language = fields.CharField(max_length=2, default="tr")
    strict_business_days = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tenant"


class TenantScopedModel(models.Model):
    """Abstract base: a non-null tenant on every row, so every key can include it."""

    id = fields.BigIntField(primary_key=True)
    tenant: fields.ForeignKeyRelation[Tenant] = fields.ForeignKeyField(
        "models.Tenant", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    tenant_id: int

    class Meta:
        abstract = True
