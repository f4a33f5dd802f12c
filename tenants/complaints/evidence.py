"""The consent state at the moment of a message, from the movement history, and the verdict.

The movement that counts is the last one whose consentDate (or, without one, its creation
date) is not after the message: a consent obtained before the message but recorded a little
later (within İYS's three business days) still covers it, and a rejection dated before the
message makes it REJECTED_BEFORE. consentDates of one consent only grow (H178), so the history
in id order is also in consentDate order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tenants.complaints.models import Verdict
from tenants.consents.models import Consent, ConsentMovement
from tenants.core.access import scoped


@dataclass(frozen=True, slots=True)
class Evidence:
    status: str
    source: str | None
    consent_date: datetime | None
    creation_date: datetime
    transaction_id: str


async def evidence_at(
    tenant_id: int, brand_id: int, recipient: str, type: str, recipient_type: str, at: datetime
) -> Evidence | None:
    """The movement in force at ``at``, or None when there was no consent then."""
    consent = await scoped(Consent, tenant_id).get_or_none(
        brand_id=brand_id, recipient=recipient, type=type, recipient_type=recipient_type
    )
    if consent is None:
        return None
    history = await scoped(ConsentMovement, tenant_id).filter(consent_id=consent.id).order_by("-id")
    for movement in history:
        if (movement.consent_date or movement.creation_date) <= at:
            return Evidence(
                movement.status,
                movement.source,
                movement.consent_date,
                movement.creation_date,
                movement.transaction_id,
            )
    return None


def verdict(evidence: Evidence | None, informational: str | None) -> Verdict:
    if informational is not None:
        return Verdict.EXEMPT
    if evidence is None:
        return Verdict.NO_CONSENT
    return Verdict.CONSENT_VALID if evidence.status == "ONAY" else Verdict.REJECTED_BEFORE
