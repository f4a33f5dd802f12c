"""Consents of one tenant: record one, read them, and decide who may be messaged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.db import db
from server.core.errors import PermissionDenied, ValidationFailed
from server.core.principal import FULL, Principal, Scope
from server.core.sql import any_of, fetch, list_param
from tenants.audit import services as audit
from tenants.consents import errors as _errors  # noqa: F401  (registers the messages)
from tenants.consents.bulk import BatchRow, apply_batch
from tenants.consents.codes import ConsentType, RecipientType
from tenants.consents.models import Consent, ConsentMovement
from tenants.consents.recipients import normalize_recipient, recipient_kind
from tenants.consents.rules import (
    CheckedConsent,
    ConsentInput,
    RuleContext,
    RuleViolation,
    check_input,
)
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
    tenant_id: int,
    brand_pk: int | None,
    raw: ConsentInput,
    actor_user_id: int | None = None,
    *,
    actor: Principal | None = None,
) -> Consent:
    """Apply every İYS rule and store a movement; raises RuleViolation with İYS's code.

    With ``actor``, the brand and the consent type must be writable in its scope, the movement
    names the actor (user or key) and the change is audited with its before and after.
    """
    scope = actor.scope if actor is not None else FULL
    brand = await get_brand(tenant_id, brand_pk, scope)
    checked = check_input(raw, await rule_context(tenant_id))
    if not scope.can_write(checked.type.value):
        raise PermissionDenied()
    before = await _stored(tenant_id, brand.id, checked)
    user_id = actor.user_id if actor is not None else actor_user_id
    key_id = actor.api_key_id if actor is not None else None
    await _apply_one(tenant_id, brand.id, checked, user_id, key_id)
    row = await _stored(tenant_id, brand.id, checked)
    assert row is not None  # just written, or the rules raised
    if actor is not None and _changed(before, row):
        await audit.record(
            actor,
            "consent.record",
            "Consent",
            row.id,
            consent_snapshot(before),
            consent_snapshot(row),
        )
    return row


async def _apply_one(
    tenant_id: int,
    brand_id: int,
    checked: CheckedConsent,
    actor_user_id: int | None,
    actor_key_id: int | None,
) -> None:
    row = BatchRow(line=0, consent=checked)
    for attempt in range(CONCURRENT_RETRIES):
        try:
            async with in_transaction() as conn:
                outcome = await apply_batch(
                    conn,
                    tenant_id,
                    brand_id,
                    [row],
                    clock.now(),
                    actor_user_id=actor_user_id,
                    actor_key_id=actor_key_id,
                )
            break
        except IntegrityError:  # a concurrent first insert of the same consent won the race
            if attempt == CONCURRENT_RETRIES - 1:
                raise
    if outcome.rejected:
        raise outcome.rejected[0][1]


async def _stored(tenant_id: int, brand_id: int, checked: CheckedConsent) -> Consent | None:
    return await scoped(Consent, tenant_id).get_or_none(
        brand_id=brand_id,
        type=checked.type.value,
        recipient_type=checked.recipient_type.value,
        recipient=checked.recipient,
    )


def _changed(before: Consent | None, after: Consent) -> bool:
    return before is None or before.transaction_id != after.transaction_id


def consent_snapshot(row: Consent | None) -> dict[str, Any] | None:
    """What the audit trail keeps of a consent's state."""
    if row is None:
        return None
    return {
        "brandId": row.brand_id,
        "recipient": row.recipient,
        "type": row.type,
        "recipientType": row.recipient_type,
        "status": row.status,
        "source": row.source,
        "consentDate": row.consent_date.isoformat() if row.consent_date else None,
        "transactionId": row.transaction_id,
    }


async def get_consent(tenant_id: int, pk: int, scope: Scope = FULL) -> Consent | None:
    """One consent, or None when missing, foreign or outside ``scope`` (brand or type)."""
    row = await scoped(Consent, tenant_id).get_or_none(id=pk)
    if row is None or not scope.allows_brand(row.brand_id) or not scope.can_read(row.type):
        return None
    return row


async def consents_by_ids(
    tenant_id: int, ids: list[int], scope: Scope = FULL
) -> dict[int, Consent]:
    rows = await scoped(Consent, tenant_id).filter(id__in=ids)
    return {
        row.id: row for row in rows if scope.allows_brand(row.brand_id) and scope.can_read(row.type)
    }


async def find_consent(
    tenant_id: int,
    brand_pk: int | None,
    recipient: str,
    type: ConsentType,
    recipient_type: RecipientType,
    scope: Scope = FULL,
) -> Consent | None:
    """The consent for any spelling of ``recipient``; None when unreadable, missing or foreign."""
    brand = await get_brand(tenant_id, brand_pk, scope)
    if not scope.can_read(type.value):
        return None
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


def _filtered(
    tenant_id: int, brand: Brand, flt: ConsentFilter, scope: Scope = FULL
) -> QuerySet[Consent]:
    query = scoped(Consent, tenant_id).filter(brand_id=brand.id)
    if scope.types is not None:
        query = query.filter(type__in=scope.readable_types())
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
    tenant_id: int,
    brand_pk: int | None,
    flt: ConsentFilter,
    after: int | None,
    limit: int,
    scope: Scope = FULL,
) -> tuple[Brand, list[Consent]]:
    """The brand and its consents, newest first (by id); ``after`` is the id of the last
    consent of the previous page."""
    brand = await get_brand(tenant_id, brand_pk, scope)
    query = _filtered(tenant_id, brand, flt, scope)
    if after is not None:
        query = query.filter(id__lt=after)
    return brand, await query.order_by("-id").limit(limit + 1)


async def count_consents(
    tenant_id: int, brand_pk: int | None, flt: ConsentFilter, scope: Scope = FULL
) -> int:
    brand = await get_brand(tenant_id, brand_pk, scope)
    return await _filtered(tenant_id, brand, flt, scope).count()


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
    scope: Scope = FULL,
) -> list[SendDecision]:
    """May each recipient be messaged now? Answers in the order given."""
    if len(recipients) > limit:
        raise ValidationFailed("TOO_MANY_RECIPIENTS", field="recipients", max=limit)
    brand = await get_brand(tenant_id, brand_pk, scope)
    if not scope.can_read(type.value):
        raise PermissionDenied()
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
