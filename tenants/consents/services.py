"""Consents of one tenant: record one, read them, and decide who may be messaged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.db import db
from server.core.errors import ValidationFailed
from server.core.sql import any_of, fetch, list_param
from tenants.consents import errors as _errors  # noqa: F401  (registers the messages)
from tenants.consents.bulk import BatchRow, apply_batch
from tenants.consents.codes import ConsentType, RecipientType
from tenants.consents.models import Consent, ConsentMovement
from tenants.consents.recipients import normalize_recipient, recipient_kind
from tenants.consents.rules import ConsentInput, RuleContext, RuleViolation, check_input
from tenants.core.access import scoped
from tenants.core.models import Tenant
from tenants.providers.models import Brand
from tenants.providers.services import get_brand

CONCURRENT_RETRIES = 3


@dataclass(frozen=True, slots=True)
class ConsentFilter:
    recipient: str | None = None
    type: str | None = None
    status: str | None = None
    source: str | None = None
    recipient_type: str | None = None
    consent_date_from: datetime | None = None
    consent_date_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class SendDecision:
    recipient: str
    normalized_recipient: str | None
    allowed: bool
    reason: str


async def rule_context(tenant_id: int) -> RuleContext:
    """The rules as of now, with the tenant's choice on the three-business-day rule."""
    strict = await Tenant.filter(id=tenant_id).values_list("strict_business_days", flat=True)
    return RuleContext.at(clock.now(), enforce_business_days=bool(strict[0]) if strict else True)


async def record_consent(
    tenant_id: int, brand_pk: int | None, raw: ConsentInput, actor_user_id: int | None = None
) -> Consent:
    """Apply every İYS rule and store a movement; raises RuleViolation with İYS's code."""
    brand = await get_brand(tenant_id, brand_pk)
    checked = check_input(raw, await rule_context(tenant_id))
    row = BatchRow(line=0, consent=checked)
    for attempt in range(CONCURRENT_RETRIES):
        try:
            async with in_transaction() as conn:
                outcome = await apply_batch(
                    conn, tenant_id, brand.id, [row], clock.now(), actor_user_id=actor_user_id
                )
            break
        except IntegrityError:  # a concurrent first insert of the same consent won the race
            if attempt == CONCURRENT_RETRIES - 1:
                raise
    if outcome.rejected:
        raise outcome.rejected[0][1]
    return await scoped(Consent, tenant_id).get(
        brand_id=brand.id,
        type=checked.type.value,
        recipient_type=checked.recipient_type.value,
        recipient=checked.recipient,
    )


async def get_consent(tenant_id: int, pk: int) -> Consent | None:
    return await scoped(Consent, tenant_id).get_or_none(id=pk)


async def find_consent(
    tenant_id: int,
    brand_pk: int | None,
    recipient: str,
    type: ConsentType,
    recipient_type: RecipientType,
) -> Consent | None:
    """The consent for any spelling of ``recipient``; None when unreadable, missing or foreign."""
    brand = await get_brand(tenant_id, brand_pk)
    try:
        normalized = normalize_recipient(recipient, type)
    except RuleViolation:
        return None
    return await scoped(Consent, tenant_id).get_or_none(
        brand_id=brand.id,
        type=type.value,
        recipient_type=recipient_type.value,
        recipient=normalized,
    )


def _filtered(tenant_id: int, brand: Brand, flt: ConsentFilter) -> QuerySet[Consent]:
    query = scoped(Consent, tenant_id).filter(brand_id=brand.id)
    if flt.recipient:
        kind = recipient_kind(flt.recipient)
        query = query.filter(recipient=kind[1] if kind else flt.recipient.strip().lower())
    for column, value in (
        ("type", flt.type),
        ("status", flt.status),
        ("source", flt.source),
        ("recipient_type", flt.recipient_type),
    ):
        if value is not None:
            query = query.filter(**{column: value})
    if flt.consent_date_from is not None:
        query = query.filter(consent_date__gte=flt.consent_date_from)
    if flt.consent_date_to is not None:
        query = query.filter(consent_date__lte=flt.consent_date_to)
    return query


async def list_consents(
    tenant_id: int, brand_pk: int | None, flt: ConsentFilter, after: int | None, limit: int
) -> list[Consent]:
    """Newest first (by id); ``after`` is the id of the last consent of the previous page."""
    query = _filtered(tenant_id, await get_brand(tenant_id, brand_pk), flt)
    if after is not None:
        query = query.filter(id__lt=after)
    return await query.order_by("-id").limit(limit + 1)


async def count_consents(tenant_id: int, brand_pk: int | None, flt: ConsentFilter) -> int:
    return await _filtered(tenant_id, await get_brand(tenant_id, brand_pk), flt).count()


async def histories(tenant_id: int, consent_ids: list[int]) -> dict[int, list[ConsentMovement]]:
    """Every movement of each consent, newest first, in one query."""
    rows = (
        await scoped(ConsentMovement, tenant_id).filter(consent_id__in=consent_ids).order_by("-id")
    )
    grouped: dict[int, list[ConsentMovement]] = {pk: [] for pk in consent_ids}
    for row in rows:
        grouped[row.consent_id].append(row)
    return grouped


async def check_consents(
    tenant_id: int,
    brand_pk: int | None,
    type: ConsentType,
    recipient_type: RecipientType,
    recipients: Sequence[str],
    limit: int,
) -> list[SendDecision]:
    """May each recipient be messaged now? Answers in the order given."""
    if len(recipients) > limit:
        raise ValidationFailed("TOO_MANY_RECIPIENTS", field="recipients", max=limit)
    brand = await get_brand(tenant_id, brand_pk)
    normalized = [_readable(raw, type) for raw in recipients]
    statuses = await _statuses(tenant_id, brand.id, type, recipient_type, normalized)
    return [
        _decision(raw, norm, statuses.get(norm) if isinstance(norm, str) else None, recipient_type)
        for raw, norm in zip(recipients, normalized, strict=True)
    ]


_WRONG_CHANNEL = object()


def _readable(raw: str, type: ConsentType) -> str | object | None:
    """The normalised address, None when unreadable, or a marker for the other channel's kind."""
    kind = recipient_kind(raw)
    if kind is None:
        return None
    wanted = "email" if type is ConsentType.EPOSTA else "phone"
    return kind[1] if kind[0] == wanted else _WRONG_CHANNEL


async def _statuses(
    tenant_id: int,
    brand_id: int,
    type: ConsentType,
    recipient_type: RecipientType,
    normalized: Sequence[str | object | None],
) -> dict[str, str]:
    keys = sorted({n for n in normalized if isinstance(n, str)})
    if not keys:
        return {}
    conn = db()
    rows = await fetch(
        conn,
        "SELECT recipient, status FROM consent WHERE tenant_id = ? AND brand_id = ?"
        f" AND type = ? AND recipient_type = ? AND {any_of(conn, 'recipient')}",
        [tenant_id, brand_id, type.value, recipient_type.value, list_param(conn, keys)],
    )
    return {r[0]: r[1] for r in rows}


def _decision(
    raw: str, norm: str | object | None, status: str | None, recipient_type: RecipientType
) -> SendDecision:
    if norm is None:
        return SendDecision(raw, None, False, "INVALID_RECIPIENT")
    if not isinstance(norm, str):
        return SendDecision(raw, None, False, "TYPE_MISMATCH")
    if status == "ONAY":
        return SendDecision(raw, norm, True, "ONAY")
    if status == "RET":
        return SendDecision(raw, norm, False, "RET")
    if recipient_type is RecipientType.TACIR:
        return SendDecision(raw, norm, True, "TACIR_NO_RECORD")
    return SendDecision(raw, norm, False, "NO_CONSENT")
