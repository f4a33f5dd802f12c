"""Providers and brands of one tenant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.core.errors import Conflict, NotFound, PermissionDenied
from server.core.principal import FULL, Principal, Scope
from tenants.audit import services as audit
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


def _require_unlimited(actor: Principal | None) -> None:
    """A brand-limited principal cannot add what it would not be allowed to see."""
    if actor is not None and actor.scope.limited:
        raise PermissionDenied()


def provider_snapshot(row: Provider) -> dict[str, Any]:
    return {"title": row.title, "iysCode": row.iys_code, "tin": row.tin, "mersis": row.mersis}


def brand_snapshot(row: Brand) -> dict[str, Any]:
    return {
        "providerId": row.provider_id,
        "name": row.name,
        "brandCode": row.brand_code,
        "master": row.master,
    }


async def create_provider(
    tenant_id: int, data: NewProvider, actor: Principal | None = None
) -> Provider:
    """A new provider; ``actor``, when given, is checked for scope and recorded in the audit."""
    _require_unlimited(actor)
    title = clean_title(data.title)
    iys_code = clean_code(data.iys_code, "iysCode")
    tin, mersis = clean_tin(data.tin), clean_mersis(data.mersis)
    if await scoped(Provider, tenant_id).filter(iys_code=iys_code).exists():
        raise Conflict("IYS_CODE_TAKEN", field="iysCode")
    try:
        async with in_transaction():
            row = await Provider.create(
                tenant_id=tenant_id, title=title, iys_code=iys_code, tin=tin, mersis=mersis
            )
            if actor is not None:
                after = provider_snapshot(row)
                await audit.record(actor, "provider.create", "Provider", row.id, None, after)
            return row
    except IntegrityError:
        raise Conflict("IYS_CODE_TAKEN", field="iysCode") from None


async def create_brand(tenant_id: int, data: NewBrand, actor: Principal | None = None) -> Brand:
    """A new brand; ``actor``, when given, is checked for scope and recorded in the audit."""
    _require_unlimited(actor)
    provider = await get_scoped(Provider, tenant_id, data.provider_id)
    name = clean_title(data.name, field="name")
    code = clean_code(data.brand_code, "brandCode")
    taken = scoped(Brand, tenant_id).filter(provider_id=provider.id, brand_code=code)
    if await taken.exists():
        raise Conflict("BRAND_CODE_TAKEN", field="brandCode")
    try:
        async with in_transaction():
            row = await Brand.create(
                tenant_id=tenant_id,
                provider_id=provider.id,
                name=name,
                brand_code=code,
                master=data.master,
            )
            if actor is not None:
                await audit.record(
                    actor, "brand.create", "Brand", row.id, None, brand_snapshot(row)
                )
            return row
    except IntegrityError:
        raise Conflict("BRAND_CODE_TAKEN", field="brandCode") from None


async def get_provider(tenant_id: int, pk: int | None, scope: Scope = FULL) -> Provider:
    provider = await get_scoped(Provider, tenant_id, pk)
    if scope.brand_ids is not None and not await _has_visible_brand(tenant_id, provider, scope):
        raise NotFound()
    return provider


async def _has_visible_brand(tenant_id: int, provider: Provider, scope: Scope) -> bool:
    return await _visible(scoped(Brand, tenant_id), scope).filter(provider_id=provider.id).exists()


async def get_brand(tenant_id: int, pk: int | None, scope: Scope = FULL) -> Brand:
    """One brand of the tenant within ``scope``; outside it answers exactly like a missing one."""
    if pk is not None and not scope.allows_brand(pk):
        raise NotFound()
    return await get_scoped(Brand, tenant_id, pk)


def _visible(query: QuerySet[Brand], scope: Scope) -> QuerySet[Brand]:
    if scope.brand_ids is None:
        return query
    return query.filter(id__in=sorted(scope.brand_ids))


def _visible_providers(tenant_id: int, scope: Scope) -> QuerySet[Provider]:
    """Providers with at least one brand in scope (all of them for an unlimited scope)."""
    query = scoped(Provider, tenant_id)
    if scope.brand_ids is None:
        return query
    brands = _visible(scoped(Brand, tenant_id), scope)
    return query.filter(id__in=Subquery(brands.values("provider_id")))


async def providers_by_ids(
    tenant_id: int, ids: list[int], scope: Scope = FULL
) -> dict[int, Provider]:
    rows = await _visible_providers(tenant_id, scope).filter(id__in=ids)
    return {row.id: row for row in rows}


async def brands_by_ids(tenant_id: int, ids: list[int], scope: Scope = FULL) -> dict[int, Brand]:
    rows = await _visible(scoped(Brand, tenant_id), scope).filter(id__in=ids)
    return {row.id: row for row in rows}


async def list_providers(
    tenant_id: int, after: int | None, limit: int, scope: Scope = FULL
) -> list[Provider]:
    query = _visible_providers(tenant_id, scope)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_providers(tenant_id: int, scope: Scope = FULL) -> int:
    return await _visible_providers(tenant_id, scope).count()


async def list_brands(
    tenant_id: int, provider_id: int | None, after: int | None, limit: int, scope: Scope = FULL
) -> list[Brand]:
    query = _brands(tenant_id, provider_id, scope)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_brands(tenant_id: int, provider_id: int | None, scope: Scope = FULL) -> int:
    return await _brands(tenant_id, provider_id, scope).count()


def _brands(tenant_id: int, provider_id: int | None, scope: Scope) -> QuerySet[Brand]:
    query = _visible(scoped(Brand, tenant_id), scope)
    return query.filter(provider_id=provider_id) if provider_id is not None else query


async def brand_stats(
    tenant_id: int, brand_ids: list[int], scope: Scope = FULL
) -> dict[int, BrandStats]:
    """Approval, rejection and total counts per brand, in one grouped query.

    A type-limited principal counts only the consent types it may read.
    """
    visible = [pk for pk in brand_ids if scope.allows_brand(pk)]
    query = scoped(Consent, tenant_id).filter(brand_id__in=visible)
    if scope.types is not None:
        query = query.filter(type__in=scope.readable_types())
    rows = (
        await query.group_by("brand_id", "status")
        .annotate(n=Count("id"))
        .values("brand_id", "status", "n")
    )
    counts: dict[int, dict[str, int]] = {pk: {} for pk in visible}
    for row in rows:
        counts[row["brand_id"]][row["status"]] = row["n"]
    return {
        pk: BrandStats(c.get("ONAY", 0), c.get("RET", 0), c.get("ONAY", 0) + c.get("RET", 0))
        for pk, c in counts.items()
    }
