"""The change feed (push): a brand's new movements, live over graphql-transport-ws."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from schema.context import Context, Info, Unauthenticated
from schema.feed.queries import BRAND_ID
from schema.feed.types import ConsentChange
from schema.permissions import CanRead
from schema.relay import pk_of
from server.core.errors import PermissionDenied
from server.core.principal import Principal
from tenants.consents import feed
from tenants.consents.feed import ChangeSource

# How stale a subscriber's authorisation may be when a change is pushed: one database check per
# subscription at most this often, however fast the changes come.
RECHECK_SECONDS = 5.0


@strawberry.type
class FeedSubscription:
    @strawberry.subscription(
        description="A brand's movements as they are recorded from now on, the same as "
        "consentChanges would list them; authenticate in connection_init with "
        '{"authorization": "Bearer <token or API key>"}. The credential is checked again '
        "before pushes, at most every few seconds: once it is revoked or expired the "
        "subscription ends with UNAUTHENTICATED.",
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
        caller = StillAuthorised(info.context, principal)
        async for change in changes:
            await caller.check()
            yield ConsentChange.from_change(change)


class StillAuthorised:
    """The subscriber's credential, checked again before a push once ``RECHECK_SECONDS`` have
    passed since the last check: a revoked key, an ended session or an expired token ends the
    subscription with UNAUTHENTICATED, a changed role or scope with FORBIDDEN (subscribing
    again applies the new one). Nothing is pushed to a credential that no longer holds."""

    def __init__(self, context: Context, principal: Principal) -> None:
        self._context, self._principal = context, principal
        self._checked_at = time.monotonic()

    async def check(self) -> None:
        reauthenticate = self._context.reauthenticate
        if reauthenticate is None or time.monotonic() - self._checked_at < RECHECK_SECONDS:
            return
        current = await reauthenticate()
        if current is None:
            raise Unauthenticated()
        if (current.role, current.scope) != (self._principal.role, self._principal.scope):
            raise PermissionDenied()
        self._checked_at = time.monotonic()
