"""An import job by id, and the list of a tenant's import jobs."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.imports.types import AFTER, FIRST, ImportJob, load_import_job
from schema.permissions import CanRead
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from tenants.imports import services


@strawberry.type
class ImportQuery:
    @strawberry.field(
        description="An import job by its global id; null when missing or not yours.",
        permission_classes=[CanRead],
    )
    async def import_job(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The job's global id.")],
    ) -> ImportJob | None:
        pk = pk_of(id, "ImportJob")
        return await load_import_job(info.context, pk) if pk is not None else None

    @strawberry.field(
        description="Your tenant's import jobs, of one brand or all, newest first.",
        permission_classes=[CanRead],
    )
    async def import_jobs(
        self,
        info: Info,
        brand_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this brand's jobs.")
        ] = None,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[ImportJob]:
        principal, limit = info.context.require_principal(), page_size(first)
        tenant_id, scope = principal.tenant_id, principal.scope
        # A foreign or malformed brand id lists nothing, exactly like a brand without imports.
        brand_pk = None if brand_id is None else (pk_of(brand_id, "Brand") or 0)
        rows = await services.list_jobs(tenant_id, brand_pk, decode_cursor(after), limit, scope)
        return build_connection(
            [ImportJob.from_model(row) for row in rows],
            [row.id for row in rows],
            limit,
            lambda: services.count_jobs(tenant_id, brand_pk, scope),
        )
