"""Inputs of the complaint operations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.complaints.types import ComplaintStatus, Informational
from schema.consents.types import ConsentType, RecipientType
from tenants.consents import codes


@strawberry.input(description="A complaint that reached the team another way.")
class RecordComplaintInput:
    brand_id: strawberry.ID = strawberry.field(description="The brand the message came from.")
    recipient: str = strawberry.field(description="The address the message reached.")
    type: ConsentType = strawberry.field(description="The channel of the message.")
    message_at: datetime = strawberry.field(description="When the message came.")
    content: str = strawberry.field(description="What the message said, up to 5,000 characters.")
    recipient_type: RecipientType = strawberry.field(
        default=codes.RecipientType.BIREYSEL, description="BIREYSEL (default) or TACIR."
    )
    informational: Informational | None = strawberry.field(
        default=None, description="Set when the message was informational (verdict EXEMPT)."
    )


@strawberry.input(description="A recipient's complaint about a brand that holds their address.")
class RecipientComplaintInput:
    consent_id: strawberry.ID = strawberry.field(
        description="Any RecipientConsent id of that brand (from recipientConsents)."
    )
    type: ConsentType = strawberry.field(description="The channel the message came on.")
    message_at: datetime = strawberry.field(description="When the message came.")
    content: str = strawberry.field(description="What the message said, up to 5,000 characters.")


@strawberry.input(description="Changes to a complaint; omitted fields stay, null clears.")
class UpdateComplaintInput:
    id: strawberry.ID = strawberry.field(description="The complaint's global id.")
    status: ComplaintStatus | None = strawberry.field(
        default=strawberry.UNSET, description="The next workflow status."
    )
    assignee_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A user of your tenant; null unassigns."
    )
    due_date: str | None = strawberry.field(
        default=strawberry.UNSET, description="YYYY-MM-DD; null clears it."
    )
    informational: Informational | None = strawberry.field(
        default=strawberry.UNSET, description="Marks the message informational; null unmarks."
    )
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="A note to add, up to 5,000 characters."
    )
