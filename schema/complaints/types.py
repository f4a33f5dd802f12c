"""Complaints as the API shows them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.accounts.types import User, load_user
from schema.consents.types import ConsentSource, ConsentStatus, ConsentType, RecipientType
from schema.context import Context, Info
from schema.loaders import loader
from schema.nodes import register_node
from schema.providers.types import Brand, load_brand
from schema.relay import Node, to_global_id
from server.core.errors import NotFound
from tenants.complaints import models, services
from tenants.consents import codes

strawberry.enum(models.ComplaintStatus, description="Where the team is with a complaint.")
strawberry.enum(
    models.Verdict,
    description="CONSENT_VALID: ONAY at the message; NO_CONSENT: no record then; "
    "REJECTED_BEFORE: RET at the message; EXEMPT: an informational message.",
)
strawberry.enum(
    models.Informational,
    description="Informational messages need no consent: invoice, delivery, subscription "
    "reminder, or another kind.",
)

ComplaintStatus = models.ComplaintStatus
Verdict = models.Verdict
Informational = models.Informational


@strawberry.type(description="The consent's movement in force when the message came.")
class ComplaintEvidence:
    status: ConsentStatus = strawberry.field(description="ONAY or RET at that moment.")
    source: ConsentSource | None = strawberry.field(description="That movement's source.")
    consent_date: datetime | None = strawberry.field(description="That movement's consentDate.")
    creation_date: datetime = strawberry.field(description="When that movement was recorded.")
    transaction_id: str = strawberry.field(description="That movement's transaction id.")


@strawberry.type(description="A note by the team on a complaint.")
class ComplaintNote:
    text: str = strawberry.field(description="What was written.")
    created_at: datetime = strawberry.field(description="When.")
    author_id: strawberry.ID | None = strawberry.field(description="The writer's user id.")

    @classmethod
    def from_model(cls, row: models.ComplaintNote) -> ComplaintNote:
        author = to_global_id("User", row.author_user_id) if row.author_user_id else None
        return cls(
            text=row.text,
            created_at=row.created_at,
            author_id=strawberry.ID(author) if author else None,
        )


def _evidence(row: models.Complaint) -> ComplaintEvidence | None:
    if row.evidence_status is None or row.evidence_creation_date is None:
        return None
    return ComplaintEvidence(
        status=codes.ConsentStatus(row.evidence_status),
        source=codes.ConsentSource(row.evidence_source) if row.evidence_source else None,
        consent_date=row.evidence_consent_date,
        creation_date=row.evidence_creation_date,
        transaction_id=row.evidence_transaction_id or "",
    )


@strawberry.type(description="A complaint about one message, with the evidence and a verdict.")
class Complaint(Node):
    recipient: str = strawberry.field(description="The address the message reached.")
    type: ConsentType = strawberry.field(description="The channel of the message.")
    recipient_type: RecipientType = strawberry.field(description="Consumer or trader.")
    message_at: datetime = strawberry.field(description="When the message came.")
    content: str = strawberry.field(description="What the message said.")
    filed_by: str = strawberry.field(description="RECIPIENT (through the portal) or TENANT.")
    status: ComplaintStatus = strawberry.field(description="The workflow status.")
    due_date: str | None = strawberry.field(description="Answer due by (YYYY-MM-DD).")
    informational: Informational | None = strawberry.field(
        description="Set when the message was informational, which makes the verdict EXEMPT."
    )
    evidence: ComplaintEvidence | None = strawberry.field(
        description="The consent state at the message; null when there was no consent."
    )
    verdict: Verdict = strawberry.field(description="What the evidence says.")
    screenshot_path: str | None = strawberry.field(
        description="GET with your bearer token to download the screenshot; null without one."
    )
    created_at: datetime = strawberry.field(description="When the complaint was filed.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    pk: strawberry.Private[int]
    brand_pk: strawberry.Private[int]
    assignee_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.Complaint) -> Complaint:
        global_id = to_global_id("Complaint", row.id)
        return cls(
            id=strawberry.ID(global_id),
            recipient=row.recipient,
            type=codes.ConsentType(row.type),
            recipient_type=codes.RecipientType(row.recipient_type),
            message_at=row.message_at,
            content=row.content,
            filed_by=row.filed_by,
            status=ComplaintStatus(row.status),
            due_date=row.due_date.isoformat() if row.due_date else None,
            informational=Informational(row.informational) if row.informational else None,
            evidence=_evidence(row),
            verdict=Verdict(row.verdict),
            screenshot_path=f"/complaints/{global_id}/screenshot" if row.screenshot_name else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            pk=row.id,
            brand_pk=row.brand_id,
            assignee_pk=row.assignee_id,
        )

    @strawberry.field(description="The brand the message came from.")
    async def brand(self, info: Info) -> Brand:
        brand = await load_brand(info.context, self.brand_pk)
        assert brand is not None  # same tenant by construction
        return brand

    @strawberry.field(description="The team member working on it, if any.")
    async def assignee(self, info: Info) -> User | None:
        return await load_user(info.context, self.assignee_pk) if self.assignee_pk else None

    @strawberry.field(description="The team's notes, oldest first.")
    async def notes(self, info: Info) -> list[ComplaintNote]:
        rows = await loader(info.context, "complaint-notes", services.notes_of).load(self.pk)
        return [ComplaintNote.from_model(r) for r in rows or []]


@strawberry.type(description="The recipient's complaint was filed with the brand's company.")
class RecipientComplaintFiled:
    filed_at: datetime = strawberry.field(description="When it was filed.")
    status: ComplaintStatus = strawberry.field(description="OPEN until the company works it.")


async def load_complaint(context: Context, pk: int) -> Complaint | None:
    principal = context.require_principal()
    try:
        row = await services.get_complaint(principal.tenant_id, pk, principal.scope)
    except NotFound:
        return None
    return Complaint.from_model(row)


register_node("Complaint", load_complaint)
