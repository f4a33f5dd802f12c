"""Provider and Brand as the API shows them."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Context, Info
from schema.loaders import loader
from schema.nodes import register_node
from schema.relay import Connection, Node, build_connection, decode_cursor, page_size, to_global_id
from tenants.providers import models, services


@strawberry.type(description="Consent counts of a brand.")
class BrandStats:
    approval: int = strawberry.field(description="Consents whose status is ONAY.")
    rejection: int = strawberry.field(description="Consents whose status is RET.")
    total: int = strawberry.field(description="All consents of the brand.")


@strawberry.type(description="A service provider (hizmet sağlayıcı) registered in İYS.")
class Provider(Node):
    title: str = strawberry.field(description="The trade title (ticari unvan).")
    iys_code: int = strawberry.field(description="The provider's İYS number.")
    tin: str = strawberry.field(description="VKN (10 digits) or TCKN (11 digits).")
    mersis: str | None = strawberry.field(description="MERSİS number, 16 digits.")
    pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Provider) -> Provider:
        return cls(
            id=strawberry.ID(to_global_id("Provider", row.id)),
            title=row.title,
            iys_code=row.iys_code,
            tin=row.tin,
            mersis=row.mersis,
            pk=row.id,
        )

    @strawberry.field(description="The provider's brands, oldest first.")
    async def brands(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size, ≤ 500.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue.")] = None,
    ) -> Connection[Brand]:
        return await brand_connection(info, self.pk, first, after)


@strawberry.type(description="A brand of a provider; consents always belong to one brand.")
class Brand(Node):
    name: str = strawberry.field(description="The brand's name.")
    brand_code: int = strawberry.field(description="The brand's İYS code.")
    master: bool = strawberry.field(description="True for the provider's main brand.")
    pk: strawberry.Private[int]
    provider_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Brand) -> Brand:
        return cls(
            id=strawberry.ID(to_global_id("Brand", row.id)),
            name=row.name,
            brand_code=row.brand_code,
            master=row.master,
            pk=row.id,
            provider_pk=row.provider_id,
        )

    @strawberry.field(description="The provider the brand belongs to.")
    async def provider(self, info: Info) -> Provider:
        provider = await load_provider(info.context, self.provider_pk)
        assert provider is not None  # a visible brand's provider is visible, in the same tenant
        return provider

    @strawberry.field(description="Approval, rejection and total consent counts.")
    async def stats(self, info: Info) -> BrandStats:
        scope = info.context.require_principal().scope

        async def fetch(tenant_id: int, ids: list[int]) -> dict[int, services.BrandStats]:
            return await services.brand_stats(tenant_id, ids, scope)

        found = await loader(info.context, "brand_stats", fetch).load(self.pk)
        counts = found or services.BrandStats(0, 0, 0)
        return BrandStats(approval=counts.approval, rejection=counts.rejection, total=counts.total)


async def brand_connection(
    info: Info, provider_pk: int | None, first: int | None, after: str | None
) -> Connection[Brand]:
    principal, limit = info.context.require_principal(), page_size(first)
    tenant_id, scope = principal.tenant_id, principal.scope
    rows = await services.list_brands(tenant_id, provider_pk, decode_cursor(after), limit, scope)
    return build_connection(
        [Brand.from_model(r) for r in rows],
        [r.id for r in rows],
        limit,
        lambda: services.count_brands(tenant_id, provider_pk, scope),
    )


async def load_brand(context: Context, pk: int) -> Brand | None:
    """A brand in the caller's scope; any other answers like a missing one."""
    scope = context.require_principal().scope

    async def fetch(tenant_id: int, ids: list[int]) -> dict[int, models.Brand]:
        return await services.brands_by_ids(tenant_id, ids, scope)

    row = await loader(context, "brand", fetch).load(pk)
    return Brand.from_model(row) if row else None


async def load_provider(context: Context, pk: int) -> Provider | None:
    """A provider with a brand in the caller's scope; any other answers like a missing one."""
    scope = context.require_principal().scope

    async def fetch(tenant_id: int, ids: list[int]) -> dict[int, models.Provider]:
        return await services.providers_by_ids(tenant_id, ids, scope)

    row = await loader(context, "provider", fetch).load(pk)
    return Provider.from_model(row) if row else None


register_node("Brand", load_brand)
register_node("Provider", load_provider)
