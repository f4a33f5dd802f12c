"""The only way to reach tenant-owned rows: every query starts from the caller's tenant."""

from __future__ import annotations

from typing import TypeVar

from tortoise.queryset import QuerySet

from server.core.errors import NotFound
from tenants.core.models import TenantScopedModel

M = TypeVar("M", bound=TenantScopedModel)


def scoped(model: type[M], tenant_id: int) -> QuerySet[M]:
    """All of ``model``'s rows that belong to ``tenant_id``."""
    return model.filter(tenant_id=tenant_id)


async def get_scoped(model: type[M], tenant_id: int, pk: int | None) -> M:
    """One row of the tenant; a foreign or missing id raises the same NotFound."""
    row = await scoped(model, tenant_id).get_or_none(id=pk) if pk is not None else None
    if row is None:
        raise NotFound()
    return row
