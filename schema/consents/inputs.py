"""Inputs of the consent operations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.consents.types import ConsentSource, ConsentStatus, ConsentType, RecipientType
from tenants.consents import codes


@strawberry.input(description="A consent or a rejection to record, checked against every İYS rule.")
class RecordConsentInput:
    brand_id: strawberry.ID = strawberry.field(description="The brand's global id.")
    recipient: str = strawberry.field(
        description="A phone number in any usual spelling, or an e-mail address."
    )
    type: ConsentType = strawberry.field(description="The channel.")
    status: ConsentStatus = strawberry.field(description="ONAY or RET.")
    source: ConsentSource | None = strawberry.field(
        default=None, description="An HS_* source; optional only on a TACIR first record."
    )
    consent_date: str | None = strawberry.field(
        default=None,
        description="ISO 8601 with an offset, or İYS's YYYY-MM-DD HH:mm:ss in Istanbul time.",
    )
    recipient_type: RecipientType = strawberry.field(
        default=codes.RecipientType.BIREYSEL, description="BIREYSEL (default) or TACIR."
    )


@strawberry.input(description="Narrows a consent list; every field is optional.")
class ConsentFilter:
    recipient: str | None = strawberry.field(
        default=None, description="Any spelling of one address."
    )
    type: ConsentType | None = strawberry.field(default=None, description="Only this channel.")
    status: ConsentStatus | None = strawberry.field(default=None, description="Only this status.")
    source: ConsentSource | None = strawberry.field(default=None, description="Only this source.")
    recipient_type: RecipientType | None = strawberry.field(
        default=None, description="Only consumers or only traders."
    )
    consent_date_from: datetime | None = strawberry.field(
        default=None, description="consentDate at or after this instant."
    )
    consent_date_to: datetime | None = strawberry.field(
        default=None, description="consentDate at or before this instant."
    )
