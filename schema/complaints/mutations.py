"""Filing complaints (team and recipient side) and working them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from schema.complaints.inputs import (
    RecipientComplaintInput,
    RecordComplaintInput,
    UpdateComplaintInput,
)
from schema.complaints.types import Complaint, RecipientComplaintFiled
from schema.context import Info
from schema.errors import NotFoundError, ValidationError
from schema.permissions import CanEdit
from schema.recipients.auth import IsRecipient, recipient_address
from schema.relay import pk_of
from server.core.clock import clock
from server.core.errors import ValidationFailed
from server.core.parsing import parse_day
from tenants.complaints import services
from tenants.complaints.limits import ComplaintQuota
from tenants.complaints.models import ComplaintStatus
from tenants.complaints.screenshots import Screenshot, read_screenshot
from tenants.consents import codes

SCREENSHOT = strawberry.argument(
    description="Optional PNG, JPEG or WebP up to 2 MiB, as a GraphQL multipart upload."
)
ComplaintResult = Annotated[
    Complaint | ValidationError | NotFoundError,
    strawberry.union("ComplaintResult", description="The complaint, or why not."),
]
RecipientComplaintResult = Annotated[
    RecipientComplaintFiled | ValidationError | NotFoundError,
    strawberry.union("RecipientComplaintResult", description="Filed, or why not."),
]


async def _screenshot(info: Info, value: Any) -> tuple[Path, Screenshot] | None:
    if value is None:
        return None
    if not isinstance(value, UploadFile):
        raise ValidationFailed("SCREENSHOT_FORMAT", field="screenshot")
    try:
        shot = await asyncio.to_thread(read_screenshot, value.file)
    finally:
        await value.close()
    return info.context.runtime.settings.data_dir, shot


def _quota(info: Info) -> ComplaintQuota:
    runtime = info.context.runtime
    return ComplaintQuota(
        runtime.counters,
        info.context.client_ip,
        runtime.settings.recipient_complaints_per_address_per_day,
        runtime.settings.recipient_complaints_per_client_per_day,
    )


def _new(input: RecordComplaintInput) -> services.NewComplaint:
    return services.NewComplaint(
        recipient=input.recipient,
        type=codes.ConsentType(input.type),
        message_at=input.message_at,
        content=input.content,
        recipient_type=codes.RecipientType(input.recipient_type),
        informational=input.informational,
    )


def _changes(info: Info, input: UpdateComplaintInput) -> services.ComplaintChanges:
    unset = strawberry.UNSET
    assignee = input.assignee_id
    due = input.due_date
    return services.ComplaintChanges(
        status=ComplaintStatus(input.status) if input.status not in (unset, None) else None,
        assignee_id=pk_of(assignee, "User") or 0 if assignee not in (unset, None) else None,
        clear_assignee=assignee is None,
        due_date=parse_day(due, "dueDate") if isinstance(due, str) else None,
        clear_due_date=due is None,
        informational=input.informational if input.informational is not unset else None,
        clear_informational=input.informational is None,
        note=input.note if isinstance(input.note, str) else None,
        author_user_id=info.context.require_principal().user_id,
    )


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(
        description="Records a complaint that reached you another way; the evidence is taken "
        "from the consent history at the message's time.",
        permission_classes=[CanEdit],
    )
    async def record_complaint(
        self,
        info: Info,
        input: Annotated[RecordComplaintInput, strawberry.argument(description="The complaint.")],
        screenshot: Annotated[Upload | None, SCREENSHOT] = None,
    ) -> ComplaintResult:
        principal = info.context.require_principal()
        row = await services.record_complaint(
            principal.tenant_id,
            principal.scope,
            pk_of(input.brand_id, "Brand"),
            _new(input),
            principal.user_id,
            clock.now(),
            await _screenshot(info, screenshot),
        )
        return Complaint.from_model(row)

    @strawberry.mutation(
        description="Moves a complaint along (OPEN, IN_REVIEW, RESOLVED, REJECTED; a closed "
        "one may be reopened), assigns it, sets its due date, marks the message "
        "informational, or adds a note.",
        permission_classes=[CanEdit],
    )
    async def update_complaint(
        self,
        info: Info,
        input: Annotated[UpdateComplaintInput, strawberry.argument(description="The changes.")],
    ) -> ComplaintResult:
        principal = info.context.require_principal()
        row = await services.update_complaint(
            principal.tenant_id,
            principal.scope,
            pk_of(input.id, "Complaint"),
            _changes(info, input),
            clock.now(),
        )
        return Complaint.from_model(row)

    @strawberry.mutation(
        description="With a recipient token: complains about a message from a brand that "
        "holds a consent for the proven address. At most "
        "IYS_RECIPIENT_COMPLAINTS_PER_ADDRESS_PER_DAY a day per address, and "
        "IYS_RECIPIENT_COMPLAINTS_PER_CLIENT_PER_DAY per client address (RATE_LIMITED).",
        permission_classes=[IsRecipient],
    )
    async def file_recipient_complaint(
        self,
        info: Info,
        input: Annotated[
            RecipientComplaintInput, strawberry.argument(description="The complaint.")
        ],
        screenshot: Annotated[Upload | None, SCREENSHOT] = None,
    ) -> RecipientComplaintResult:
        new = services.NewComplaint(
            recipient_address(info),
            codes.ConsentType(input.type),
            input.message_at,
            input.content,
        )
        row = await services.file_recipient_complaint(
            recipient_address(info),
            pk_of(input.consent_id, "RecipientConsent"),
            new,
            clock.now(),
            _quota(info),
            await _screenshot(info, screenshot),
        )
        return RecipientComplaintFiled(filed_at=row.created_at, status=ComplaintStatus(row.status))
