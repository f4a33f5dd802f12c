"""What the proven address sees."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.recipients.auth import IsRecipient, recipient_address
from schema.recipients.types import RecipientConsent
from tenants.recipients import portal


async def consents_for(address: str) -> list[RecipientConsent]:
    return [RecipientConsent.from_portal(row) for row in await portal.consents_of(address)]


@strawberry.type
class RecipientQuery:
    @strawberry.field(
        description="With a recipient token: every brand, of any company, holding a consent "
        "for the proven address (at most 1,000).",
        permission_classes=[IsRecipient],
    )
    async def recipient_consents(self, info: Info) -> list[RecipientConsent]:
        return await consents_for(recipient_address(info))
