"""Providers and brands of one tenant."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server.core.errors import Conflict
from tenants.consents.models import Consent
from tenants.core.access import get_scoped, scoped
from tenants.providers import errors as _errors  # noqa: F401  (registers the messages)
from tenants.providers.models import Brand, Provider
from tenants.providers.validation import clean_code, clean_mersis, clean_tin, clean_title


@dataclass(frozen=True, slots=True)
class NewProvider:
    title: str
    iys_code: int
    tin: str
    mersis: str | None = None


@dataclass(frozen=True, slots=True)
class NewBrand:
    provider_id: int | None
    name: str
    brand_code: int
    master: bool = False


@dataclass(frozen=True, slots=True)
class BrandStats:
    approval: int
    rejection: int
    total: int


async def create_provider(tenant_id: int, data: NewProvider) -> Provider:
    title = clean_title(data.title)
    iys_code = clean_code(data.iys_code, "iysCode")
    tin, mersis = clean_tin(data.tin), clean_mersis(data.mersis)
    if await scoped(Provider, tenant_id).filter(iys_code=iys_code).exists():
        raise Conflict("IYS_CODE_TAKEN", field="iysCode")
    try:
        return await Provider.create(
            tenant_id=tenant_id, title=title, iys_code=iys_code, tin=tin, mersis=mersis
        )
    except IntegrityError:
        raise Conflict("IYS_CODE_TAKEN", field="iysCode") from None


async def create_brand(tenant_id: int, data: NewBrand) -> Brand:
    provider = await get_scoped(Provider, tenant_id, data.provider_id)
    name = clean_title(data.name, field="name")
    code = clean_code(data.brand_code, "brandCode")
    taken = scoped(Brand, tenant_id).filter(provider_id=provider.id, brand_code=code)
    if await taken.exists():
        raise Conflict("BRAND_CODE_TAKEN", field="brandCode")
    try:
        return await Brand.create(
            tenant_id=tenant_id,
            provider_id=provider.id,
            name=name,
            brand_code=code,
            master=data.master,
        )
    except IntegrityError:
        raise Conflict("BRAND_CODE_TAKEN", field="brandCode") from None


async def get_provider(tenant_id: int, pk: int | None) -> Provider:
    return await get_scoped(Provider, tenant_id, pk)


async def get_brand(tenant_id: int, pk: int | None) -> Brand:
    return await get_scoped(Brand, tenant_id, pk)


async def providers_by_ids(tenant_id: int, ids: list[int]) -> dict[int, Provider]:
    rows = await scoped(Provider, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}


async def brands_by_ids(tenant_id: int, ids: list[int]) -> dict[int, Brand]:
    rows = await scoped(Brand, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}


async def list_providers(tenant_id: int, after: int | None, limit: int) -> list[Provider]:
    query = scoped(Provider, tenant_id)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_providers(tenant_id: int) -> int:
    return await scoped(Provider, tenant_id).count()


async def list_brands(
    tenant_id: int, provider_id: int | None, after: int | None, limit: int
) -> list[Brand]:
    query = _brands(tenant_id, provider_id)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_brands(tenant_id: int, provider_id: int | None) -> int:
    return await _brands(tenant_id, provider_id).count()


def _brands(tenant_id: int, provider_id: int | None) -> QuerySet[Brand]:
    query = scoped(Brand, tenant_id)
    return query.filter(provider_id=provider_id) if provider_id is not None else query


async def brand_stats(tenant_id: int, brand_ids: list[int]) -> dict[int, BrandStats]:
    """Approval, rejection and total counts per brand, in one grouped query."""
    rows = (
        await scoped(Consent, tenant_id)
        .filter(brand_id__in=brand_ids)
        .group_by("brand_id", "status")
        .annotate(n=Count("id"))
        .values("brand_id", "status", "n")
    )
    counts: dict[int, dict[str, int]] = {pk: {} for pk in brand_ids}
    for row in rows:
        counts[row["brand_id"]][row["status"]] = row["n"]
    return {
        pk: BrandStats(c.get("ONAY", 0), c.get("RET", 0), c.get("ONAY", 0) + c.get("RET", 0))
        for pk, c in counts.items()
    }
