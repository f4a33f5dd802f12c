"""Complaints of one tenant: filed by a recipient or recorded by the team, then worked.

Status moves OPEN → IN_REVIEW → RESOLVED or REJECTED; a closed complaint may be reopened.
The evidence is taken when the complaint is filed and kept: it is what the history said about
the moment of the message. Marking the message informational makes the verdict EXEMPT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tortoise.queryset import QuerySet

from server.core.errors import NotFound, PermissionDenied, ValidationFailed
from server.core.principal import FULL, Scope
from server.core.tenancy import as_tenant, cross_tenant
from tenants.accounts.models import User
from tenants.complaints import errors as _errors  # noqa: F401  (registers the messages)
from tenants.complaints.evidence import Evidence, evidence_at, verdict
from tenants.complaints.limits import ComplaintQuota, admit_recipient_complaint
from tenants.complaints.models import (
    Complaint,
    ComplaintNote,
    ComplaintStatus,
    Informational,
)
from tenants.complaints.screenshots import Screenshot, store
from tenants.consents.codes import ConsentType, RecipientType
from tenants.consents.models import Consent
from tenants.consents.recipients import normalize_recipient
from tenants.consents.rules import RuleViolation
from tenants.core.access import scoped
from tenants.providers.services import get_brand

MAX_CONTENT = 5000
MAX_NOTE = 5000
CLOCK_SKEW = timedelta(minutes=5)
TRANSITIONS = {
    ComplaintStatus.OPEN: {
        ComplaintStatus.IN_REVIEW,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
    },
    ComplaintStatus.IN_REVIEW: {
        ComplaintStatus.OPEN,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.REJECTED,
    },
    ComplaintStatus.RESOLVED: {ComplaintStatus.OPEN},
    ComplaintStatus.REJECTED: {ComplaintStatus.OPEN},
}


@dataclass(frozen=True, slots=True)
class NewComplaint:
    recipient: str
    type: ConsentType
    message_at: datetime
    content: str
    recipient_type: RecipientType = RecipientType.BIREYSEL
    informational: Informational | None = None


@dataclass(frozen=True, slots=True)
class Filer:
    """Who files: a recipient (user_id None) or a team member."""

    kind: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class ComplaintChanges:
    """What updateComplaint changes; ``None`` leaves a field as it is."""

    status: ComplaintStatus | None = None
    assignee_id: int | None = None
    clear_assignee: bool = False
    due_date: date | None = None
    clear_due_date: bool = False
    informational: Informational | None = None
    clear_informational: bool = False
    note: str | None = None
    author_user_id: int | None = None


def _recipient(raw: str, type_: ConsentType) -> str:
    try:
        return normalize_recipient(raw[:300], type_)
    except RuleViolation:
        raise ValidationFailed("INVALID_RECIPIENT", field="recipient") from None


def _content(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationFailed("CONTENT_REQUIRED", field="content")
    if len(cleaned) > MAX_CONTENT:
        raise ValidationFailed("CONTENT_TOO_LONG", field="content", max=MAX_CONTENT)
    return cleaned


async def file_complaint(
    tenant_id: int,
    brand_id: int,
    new: NewComplaint,
    filer: Filer,
    now: datetime,
    screenshot: tuple[Path, Screenshot] | None = None,
) -> Complaint:
    """Store a complaint with its evidence; the brand must already be the tenant's."""
    recipient, content = _recipient(new.recipient, new.type), _content(new.content)
    if new.message_at > now + CLOCK_SKEW:
        raise ValidationFailed("MESSAGE_IN_FUTURE", field="messageAt")
    found = await evidence_at(
        tenant_id, brand_id, recipient, new.type.value, new.recipient_type.value, new.message_at
    )
    shot = await _store_screenshot(tenant_id, screenshot)
    informational = new.informational.value if new.informational else None
    return await Complaint.create(
        tenant_id=tenant_id,
        brand_id=brand_id,
        recipient=recipient,
        type=new.type.value,
        recipient_type=new.recipient_type.value,
        message_at=new.message_at,
        content=content,
        filed_by=filer.kind,
        filed_by_user_id=filer.user_id,
        informational=informational,
        verdict=verdict(found, informational).value,
        created_at=now,
        updated_at=now,
        **_evidence_columns(found),
        **shot,
    )


def _evidence_columns(found: Evidence | None) -> dict[str, Any]:
    return {
        "evidence_status": found.status if found else None,
        "evidence_source": found.source if found else None,
        "evidence_consent_date": found.consent_date if found else None,
        "evidence_creation_date": found.creation_date if found else None,
        "evidence_transaction_id": found.transaction_id if found else None,
    }


async def _store_screenshot(
    tenant_id: int, screenshot: tuple[Path, Screenshot] | None
) -> dict[str, Any]:
    if screenshot is None:
        return {}
    data_dir, shot = screenshot
    name = await store(data_dir, tenant_id, shot)
    return {
        "screenshot_name": name,
        "screenshot_type": shot.content_type,
        "screenshot_bytes": len(shot.data),
    }


async def record_complaint(
    tenant_id: int,
    scope: Scope,
    brand_pk: int | None,
    new: NewComplaint,
    user_id: int | None,
    now: datetime,
    screenshot: tuple[Path, Screenshot] | None = None,
) -> Complaint:
    """A complaint that reached the team another way (a call, a letter, the regulator).

    Like recording a consent, it needs the brand and WRITE on the type: the answer carries the
    evidence (the consent's status, source and dates), which the type's readers alone may see.
    """
    brand = await get_brand(tenant_id, brand_pk, scope)
    _require_write(scope, new.type.value)
    return await file_complaint(tenant_id, brand.id, new, Filer("TENANT", user_id), now, screenshot)


async def file_recipient_complaint(
    address: str,
    consent_pk: int | None,
    new: NewComplaint,
    now: datetime,
    quota: ComplaintQuota,
    screenshot: tuple[Path, Screenshot] | None = None,
) -> Complaint:
    """A recipient's complaint about a brand that holds a consent of theirs (any channel).

    The consent is looked up together with the proven address, as in the portal, so only the
    address's own brands can be named; the complaint itself is stored in the owning tenant.
    Every call counts against the address's and the client's daily limits first.
    """
    await admit_recipient_complaint(quota, address, now)
    with cross_tenant():  # keyed by the proven address, as in the portal
        found = await Consent.get_or_none(id=consent_pk, recipient=address) if consent_pk else None
    if found is None:
        raise NotFound()
    with as_tenant(found.tenant_id):
        return await _file_for_recipient(address, found, new, now, screenshot)


async def _file_for_recipient(
    address: str,
    consent: Consent,
    new: NewComplaint,
    now: datetime,
    screenshot: tuple[Path, Screenshot] | None,
) -> Complaint:
    if _recipient(address, new.type) != address:
        raise ValidationFailed("INVALID_RECIPIENT", field="type")
    mine = NewComplaint(address, new.type, new.message_at, new.content, new.recipient_type)
    return await file_complaint(
        consent.tenant_id, consent.brand_id, mine, Filer("RECIPIENT"), now, screenshot
    )


def _visible(tenant_id: int, scope: Scope) -> QuerySet[Complaint]:
    query = scoped(Complaint, tenant_id)
    if scope.brand_ids is not None:
        query = query.filter(brand_id__in=sorted(scope.brand_ids))
    if scope.types is not None:
        query = query.filter(type__in=scope.readable_types())
    return query


def _listed(
    tenant_id: int, scope: Scope, status: ComplaintStatus | None, brand_pk: int | None
) -> QuerySet[Complaint]:
    query = _visible(tenant_id, scope)
    if status is not None:
        query = query.filter(status=status.value)
    if brand_pk is not None:
        query = query.filter(brand_id=brand_pk)
    return query


async def list_complaints(
    tenant_id: int,
    scope: Scope,
    status: ComplaintStatus | None,
    brand_pk: int | None,
    after: int | None,
    limit: int,
) -> list[Complaint]:
    """Newest first; ``after`` is the id of the last complaint of the previous page."""
    query = _listed(tenant_id, scope, status, brand_pk)
    if after is not None:
        query = query.filter(id__lt=after)
    return await query.order_by("-id").limit(limit + 1)


async def count_complaints(
    tenant_id: int, scope: Scope, status: ComplaintStatus | None, brand_pk: int | None
) -> int:
    return await _listed(tenant_id, scope, status, brand_pk).count()


async def get_complaint(tenant_id: int, pk: int | None, scope: Scope = FULL) -> Complaint:
    row = await _visible(tenant_id, scope).get_or_none(id=pk) if pk is not None else None
    if row is None:
        raise NotFound()
    return row


async def notes_of(tenant_id: int, complaint_ids: list[int]) -> dict[int, list[ComplaintNote]]:
    """Every note of each complaint, oldest first, in one query."""
    rows = (
        await scoped(ComplaintNote, tenant_id).filter(complaint_id__in=complaint_ids).order_by("id")
    )
    grouped: dict[int, list[ComplaintNote]] = {pk: [] for pk in complaint_ids}
    for row in rows:
        grouped[row.complaint_id].append(row)
    return grouped


async def update_complaint(
    tenant_id: int, scope: Scope, pk: int | None, changes: ComplaintChanges, now: datetime
) -> Complaint:
    row = await get_complaint(tenant_id, pk, scope)
    _require_write(scope, row.type)
    values = await _changed_values(tenant_id, row, changes)
    if changes.note is not None:
        await _add_note(tenant_id, row.id, changes.note, changes.author_user_id, now)
    values["updated_at"] = now
    await scoped(Complaint, tenant_id).filter(id=row.id).update(**values)
    row.update_from_dict(values)
    return row


def _require_write(scope: Scope, consent_type: str) -> None:
    """A type the scope may read but not write is FORBIDDEN, as in the consents' write path."""
    if not scope.can_write(consent_type):
        raise PermissionDenied()


async def _changed_values(
    tenant_id: int, row: Complaint, changes: ComplaintChanges
) -> dict[str, object]:
    values: dict[str, object] = {}
    if changes.status is not None and changes.status.value != row.status:
        if changes.status not in TRANSITIONS[ComplaintStatus(row.status)]:
            raise ValidationFailed("INVALID_TRANSITION", field="status")
        values["status"] = changes.status.value
    if changes.assignee_id is not None or changes.clear_assignee:
        values["assignee_id"] = await _assignee(tenant_id, changes.assignee_id)
    if changes.due_date is not None or changes.clear_due_date:
        values["due_date"] = changes.due_date
    if changes.informational is not None or changes.clear_informational:
        informational = changes.informational.value if changes.informational else None
        values["informational"] = informational
        values["verdict"] = verdict(_stored_evidence(row), informational).value
    return values


def _stored_evidence(row: Complaint) -> Evidence | None:
    if row.evidence_status is None or row.evidence_creation_date is None:
        return None
    return Evidence(
        row.evidence_status,
        row.evidence_source,
        row.evidence_consent_date,
        row.evidence_creation_date,
        row.evidence_transaction_id or "",
    )


async def _assignee(tenant_id: int, user_pk: int | None) -> int | None:
    if user_pk is None:
        return None
    user = await scoped(User, tenant_id).get_or_none(id=user_pk, active=True)
    if user is None:
        raise ValidationFailed("INVALID_ASSIGNEE", field="assigneeId")
    return int(user.id)


async def _add_note(
    tenant_id: int, complaint_id: int, text: str, author: int | None, now: datetime
) -> None:
    cleaned = text.strip()
    if not cleaned:
        return
    if len(cleaned) > MAX_NOTE:
        raise ValidationFailed("NOTE_TOO_LONG", field="note", max=MAX_NOTE)
    await ComplaintNote.create(
        tenant_id=tenant_id,
        complaint_id=complaint_id,
        author_user_id=author,
        text=cleaned,
        created_at=now,
    )
