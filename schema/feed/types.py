"""The change feed and the daily reconciliation as the API shows them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.consents.types import ConsentSource, ConsentStatus, ConsentType, RecipientType
from schema.relay import to_global_id
from tenants.consents import codes
from tenants.consents.feed import Change, ChangeSource
from tenants.consents.reconciliation import Reconciliation

strawberry.enum(
    ChangeSource,
    description="HS: movements you sent (HS_* sources); IYS: movements made by recipients.",
)


@strawberry.type(description="One movement of a consent, as the change feed and webhooks send it.")
class ConsentChange:
    consent_id: strawberry.ID = strawberry.field(description="The consent's global id.")
    brand_id: strawberry.ID = strawberry.field(description="The brand's global id.")
    recipient: str = strawberry.field(description="+905XXXXXXXXX (E.164) or a lowercase e-mail.")
    type: ConsentType = strawberry.field(description="The channel.")
    recipient_type: RecipientType = strawberry.field(description="Consumer or trader.")
    status: ConsentStatus = strawberry.field(description="Status after this movement.")
    source: ConsentSource | None = strawberry.field(description="Where it came from.")
    consent_date: datetime | None = strawberry.field(
        description="When the recipient gave or withdrew it."
    )
    creation_date: datetime = strawberry.field(description="When this system recorded it.")
    transaction_id: str = strawberry.field(description="64 hex characters, unique per movement.")

    @classmethod
    def from_change(cls, change: Change) -> ConsentChange:
        return cls(
            consent_id=strawberry.ID(to_global_id("Consent", change.consent_id)),
            brand_id=strawberry.ID(to_global_id("Brand", change.brand_id)),
            recipient=change.recipient,
            type=codes.ConsentType(change.type),
            recipient_type=codes.RecipientType(change.recipient_type),
            status=codes.ConsentStatus(change.status),
            source=codes.ConsentSource(change.source) if change.source else None,
            consent_date=change.consent_date,
            creation_date=change.creation_date,
            transaction_id=change.transaction_id,
        )


@strawberry.type(description="A brand's movements of one day as İYS's CSV, and its SHA-384.")
class ConsentReconciliation:
    day: str = strawberry.field(description="The Istanbul calendar day (reportDate), YYYY-MM-DD.")
    rows: int = strawberry.field(description="How many movements the day has.")
    sha384: str = strawberry.field(
        description="SHA-384 of the CSV in lowercase hex, to compare with İYS's hashValue."
    )
    download_path: str = strawberry.field(
        description="GET this path with your bearer token to download the CSV."
    )

    @classmethod
    def from_result(cls, result: Reconciliation, brand_id: str) -> ConsentReconciliation:
        return cls(
            day=result.day.isoformat(),
            rows=result.rows,
            sha384=result.sha384,
            download_path=f"/reconciliation/{brand_id}/{result.day.isoformat()}.csv",
        )
