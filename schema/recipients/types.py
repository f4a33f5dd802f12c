"""The recipient side as the API shows it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.consents.types import ConsentSource, ConsentStatus, ConsentType, RecipientType
from schema.relay import to_global_id
from tenants.consents import codes
from tenants.recipients.portal import PortalConsent


@strawberry.type(description="A one-time code is on its way to the address.")
class RecipientCodeSent:
    address: str = strawberry.field(description="The address, normalised.")
    expires_at: datetime = strawberry.field(description="The code works until then (15 min).")


@strawberry.type(description="A proven address and the token that stands for it.")
class RecipientSession:
    token: str = strawberry.field(
        description="Send as `Authorization: Bearer <token>`; grants this address only."
    )
    address: str = strawberry.field(description="The proven address, normalised.")
    expires_at: datetime = strawberry.field(description="The token works until then.")


@strawberry.type(description="A brand's consent for the proven address.")
class RecipientConsent:
    id: strawberry.ID = strawberry.field(description="Pass to rejectRecipientConsent.")
    brand_name: str = strawberry.field(description="The brand that holds the consent.")
    provider_title: str = strawberry.field(description="The company behind the brand.")
    type: ConsentType = strawberry.field(description="The channel.")
    recipient_type: RecipientType = strawberry.field(description="Consumer or trader.")
    status: ConsentStatus = strawberry.field(description="ONAY: messages allowed; RET: not.")
    source: ConsentSource | None = strawberry.field(description="Where it came from.")
    consent_date: datetime | None = strawberry.field(description="When it was given or withdrawn.")

    @classmethod
    def from_portal(cls, row: PortalConsent) -> RecipientConsent:
        return cls(
            id=strawberry.ID(to_global_id("RecipientConsent", row.pk)),
            brand_name=row.brand_name,
            provider_title=row.provider_title,
            type=codes.ConsentType(row.type),
            recipient_type=codes.RecipientType(row.recipient_type),
            status=codes.ConsentStatus(row.status),
            source=codes.ConsentSource(row.source) if row.source else None,
            consent_date=row.consent_date,
        )


@strawberry.type(description="What a rejection changed, and the address's consents after it.")
class RecipientRejection:
    rejected: int = strawberry.field(description="How many consents turned from ONAY to RET.")
    consents: list[RecipientConsent] = strawberry.field(
        description="Every consent of the address, after the rejection."
    )
