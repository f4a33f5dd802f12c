"""A recipient's rejection: RET movements with an IYS_* source in the tenant that owns them.

The rows are built here rather than through ``check_input``, whose H119 forbids IYS_* sources
to tenants; these movements are made by the recipient, as İYS makes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from server.core.tenancy import as_tenant
from tenants.consents.bulk import BatchRow, apply_batch
from tenants.consents.codes import ConsentSource, ConsentStatus, ConsentType, RecipientType
from tenants.consents.models import Consent
from tenants.consents.rules import CheckedConsent
from tenants.core.access import scoped

CHANNEL_TYPES = {"EPOSTA": ("EPOSTA",), "SMS": ("MESAJ", "ARAMA")}
_SECOND = timedelta(seconds=1)


def channel_of(recipient: str) -> str:
    """EPOSTA for an e-mail address, SMS for a phone number."""
    return "EPOSTA" if "@" in recipient else "SMS"


async def reject_brand_consents(
    tenant_id: int,
    brand_id: int,
    recipient: str,
    types: Sequence[str],
    source: ConsentSource,
    now: datetime,
) -> int:
    """Turn every ONAY consent of this brand and address, for ``types``, into RET."""
    consents = await scoped(Consent, tenant_id).filter(
        brand_id=brand_id,
        type__in=list(types),
        recipient_type__in=list(RecipientType),  # both named: the key is sought, not scanned
        recipient=recipient,
        status="ONAY",
    )
    return await reject(consents, source, now)


async def reject(consents: Sequence[Consent], source: ConsentSource, now: datetime) -> int:
    """RET for each of ``consents`` that is ONAY, one transaction per tenant and brand."""
    groups: dict[tuple[int, int], list[BatchRow]] = defaultdict(list)
    for consent in consents:
        if consent.status == ConsentStatus.ONAY.value:
            row = BatchRow(0, _rejection(consent, source, now))
            groups[(consent.tenant_id, consent.brand_id)].append(row)
    applied = 0
    for (tenant_id, brand_id), rows in groups.items():
        with as_tenant(tenant_id):
            async with in_transaction() as conn:
                applied += (await apply_batch(conn, tenant_id, brand_id, rows, now)).applied
    return applied


def _rejection(consent: Consent, source: ConsentSource, now: datetime) -> CheckedConsent:
    # A rejection must win even against a consent dated this very second (H178 would refuse
    # an equal date), so it is dated at least one second after the stored one.
    when = now if consent.consent_date is None else max(now, consent.consent_date + _SECOND)
    return CheckedConsent(
        recipient=consent.recipient,
        type=ConsentType(consent.type),
        status=ConsentStatus.RET,
        source=source,
        consent_date=when,
        recipient_type=RecipientType(consent.recipient_type),
    )
