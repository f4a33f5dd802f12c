"""The complaint inbox."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.complaints.types import Complaint
from schema.context import Info
from schema.permissions import CanRead
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from server.core.errors import NotFound
from tenants.complaints import services
from tenants.complaints.models import ComplaintStatus


@strawberry.type
class ComplaintQuery:
    @strawberry.field(
        description="Your complaints, newest first, within your brand scope.",
        permission_classes=[CanRead],
    )
    async def complaints(
        self,
        info: Info,
        status: Annotated[
            ComplaintStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        brand_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this brand.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, ≤ 500.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue.")] = None,
    ) -> Connection[Complaint]:
        principal, limit = info.context.require_principal(), page_size(first)
        tenant_id, scope = principal.tenant_id, principal.scope
        # A foreign or malformed brand id lists nothing, exactly like a brand without complaints.
        brand_pk = (pk_of(brand_id, "Brand") or 0) if brand_id is not None else None
        rows = await services.list_complaints(
            tenant_id, scope, status, brand_pk, decode_cursor(after), limit
        )
        return build_connection(
            [Complaint.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: services.count_complaints(tenant_id, scope, status, brand_pk),
        )

    @strawberry.field(
        description="One complaint; null when missing or not yours.", permission_classes=[CanRead]
    )
    async def complaint(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The complaint's id.")],
    ) -> Complaint | None:
        principal = info.context.require_principal()
        try:
            row = await services.get_complaint(
                principal.tenant_id, pk_of(id, "Complaint"), principal.scope
            )
        except NotFound:
            return None
        return Complaint.from_model(row)
