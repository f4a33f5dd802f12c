"""Provider and brand lists."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.permissions import CanRead
from schema.providers.types import Brand, Provider, brand_connection
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from tenants.providers import services

FIRST = strawberry.argument(description="Page size: default 50, at most 500.")
AFTER = strawberry.argument(description="The endCursor of the previous page.")


@strawberry.type
class ProviderQuery:
    @strawberry.field(
        description="Your tenant's providers, oldest first.", permission_classes=[CanRead]
    )
    async def providers(
        self,
        info: Info,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[Provider]:
        principal, limit = info.context.require_principal(), page_size(first)
        tenant_id, scope = principal.tenant_id, principal.scope
        rows = await services.list_providers(tenant_id, decode_cursor(after), limit, scope)
        return build_connection(
            [Provider.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: services.count_providers(tenant_id, scope),
        )

    @strawberry.field(
        description="Your tenant's brands, of one provider or all, oldest first.",
        permission_classes=[CanRead],
    )
    async def brands(
        self,
        info: Info,
        provider_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this provider's brands.")
        ] = None,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[Brand]:
        if provider_id is None:
            return await brand_connection(info, None, first, after)
        pk = pk_of(provider_id, "Provider")
        # A foreign or malformed provider id lists nothing, exactly like a provider without brands.
        return await brand_connection(info, pk if pk is not None else 0, first, after)
