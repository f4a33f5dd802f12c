"""Service providers (hizmet sağlayıcı) and their brands."""

from __future__ import annotations

from tortoise import fields

from tenants.core.models import TenantScopedModel


class Provider(TenantScopedModel):
    """A company registered in İYS, iys_code is unique within the tenant."""

    title = fields.CharField(max_length=255)
    iys_code = fields.BigIntField()
    tin = fields.CharField(max_length=11)
    mersis = fields.CharField(max_length=16, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "provider"
        unique_together = (("tenant", "iys_code"),)


class Brand(TenantScopedModel):
    """A brand of a provider, consents are always scoped to one brand."""

    provider: fields.ForeignKeyRelation[Provider] = fields.ForeignKeyField(
        "models.Provider", related_name=False, on_delete=fields.CASCADE
    )
    provider_id: int
    name = fields.CharField(max_length=255)
    brand_code = fields.BigIntField()
    master = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "brand"
        unique_together = (("tenant", "provider", "brand_code"),)
