"""Listing webhooks."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.permissions import CanAdminister
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from schema.webhooks.types import Webhook
from tenants.webhooks import services


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        description="Your webhooks, of one brand or all, oldest first. Null, with FORBIDDEN, for "
        "a caller who does not administer the tenant.",
        permission_classes=[CanAdminister],
    )
    async def webhooks(
        self,
        info: Info,
        brand_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this brand's.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, ≤ 500.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue.")] = None,
    ) -> Connection[Webhook] | None:
        principal, limit = info.context.require_principal(), page_size(first)
        tenant_id, scope = principal.tenant_id, principal.scope
        brand_pk = (pk_of(brand_id, "Brand") or 0) if brand_id is not None else None
        rows = await services.list_webhooks(tenant_id, scope, brand_pk, decode_cursor(after), limit)
        return build_connection(
            [Webhook.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: services.count_webhooks(tenant_id, scope, brand_pk),
        )
