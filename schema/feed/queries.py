"""The change feed (pull) and the daily reconciliation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.feed.types import ConsentChange, ConsentReconciliation
from schema.permissions import CanRead
from schema.relay import Connection, build_connection, decode_cursor, pk_of
from server.core.errors import ValidationFailed
from server.core.parsing import parse_day
from tenants.consents import feed, reconciliation
from tenants.consents.feed import MAX_FEED_PAGE, ChangeSource

BRAND_ID = strawberry.argument(description="The brand's global id.")


def feed_page_size(first: int | None) -> int:
    """Default and maximum 1,000, as İYS's pull endpoint."""
    if first is None:
        return MAX_FEED_PAGE
    if first < 0 or first > MAX_FEED_PAGE:
        raise ValidationFailed("INVALID_PAGE_SIZE", field="first", max=MAX_FEED_PAGE)
    return first


@strawberry.type
class FeedQuery:
    @strawberry.field(
        description="A brand's movements in the order they were recorded. Keep the last "
        "endCursor and pass it as `after` next time: no gaps, no duplicates.",
        permission_classes=[CanRead],
    )
    async def consent_changes(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, BRAND_ID],
        # Named change_source in Python: strawberry passes resolvers a ``source`` of its own.
        change_source: Annotated[
            ChangeSource,
            strawberry.argument(
                name="source", description="IYS (default): made by recipients; HS: by you."
            ),
        ] = ChangeSource.IYS,
        first: Annotated[
            int | None, strawberry.argument(description="Page size: default and at most 1000.")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The endCursor of the previous poll.")
        ] = None,
    ) -> Connection[ConsentChange]:
        principal = info.context.require_principal()
        tenant_id, scope = principal.tenant_id, principal.scope
        limit, brand_pk = feed_page_size(first), pk_of(brand_id, "Brand")
        rows = await feed.list_changes(
            tenant_id, brand_pk, change_source, decode_cursor(after), limit, scope
        )
        return build_connection(
            [ConsentChange.from_change(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: feed.count_changes(tenant_id, brand_pk, change_source, scope),
        )

    @strawberry.field(
        description="A brand's movements of one day as İYS's reconciliation CSV: row count, "
        "SHA-384 and where to download the file.",
        permission_classes=[CanRead],
    )
    async def consent_reconciliation(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, BRAND_ID],
        day: Annotated[
            str, strawberry.argument(description="The Istanbul calendar day, YYYY-MM-DD.")
        ],
    ) -> ConsentReconciliation:
        principal = info.context.require_principal()
        result = await reconciliation.reconcile(
            principal.tenant_id, pk_of(brand_id, "Brand"), parse_day(day, "day"), principal.scope
        )
        return ConsentReconciliation.from_result(result, str(brand_id))
