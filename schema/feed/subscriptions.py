"""The change feed (push): a brand's new movements, live over graphql-transport-ws."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from schema.context import Info
from schema.feed.queries import BRAND_ID
from schema.feed.types import ConsentChange
from schema.permissions import CanRead
from schema.relay import pk_of
from tenants.consents import feed
from tenants.consents.feed import ChangeSource


@strawberry.type
class FeedSubscription:
    @strawberry.subscription(
        description="A brand's movements as they are recorded from now on, the same as "
        "consentChanges would list them; authenticate in connection_init with "
        '{"authorization": "Bearer <token or API key>"}.',
        permission_classes=[CanRead],
    )
    async def consent_changed(
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
    ) -> AsyncGenerator[ConsentChange, None]:
        principal = info.context.require_principal()
        changes = feed.follow_changes(
            principal.tenant_id,
            pk_of(brand_id, "Brand"),
            change_source,
            principal.scope,
            info.context.runtime.signals,
        )
        async for change in changes:
            yield ConsentChange.from_change(change)
