"""What a proven address sees and does: every brand, of every tenant, holding a consent for it.

This module and ``links`` are the only reads across tenants outside the process's own
bookkeeping. Every query here is keyed by the proven address (and a consent id is honoured only
together with it), so a recipient token reaches that address's consents and nothing else; a
consent of another address answers like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.core.db import db
from server.core.errors import NotFound
from server.core.sql import fetch, from_db_time
from server.core.tenancy import cross_tenant
from tenants.consents.codes import ConsentSource
from tenants.consents.models import Consent
from tenants.recipients.rejections import reject

MAX_CONSENTS = 1000


@dataclass(frozen=True, slots=True)
class PortalConsent:
    pk: int
    brand_name: str
    provider_title: str
    type: str
    recipient_type: str
    status: str
    source: str | None
    consent_date: datetime | None


async def consents_of(address: str) -> list[PortalConsent]:
    """The address's consents across tenants, by brand name (at most 1,000)."""
    with cross_tenant():
        rows = await _rows_of(address)
    return [_portal(row) for row in rows]


async def _rows_of(address: str) -> list[Any]:
    return await fetch(
        db(),
        "SELECT c.id, b.name, p.title, c.type, c.recipient_type, c.status, c.source,"
        " c.consent_date FROM consent c"
        " JOIN brand b ON b.id = c.brand_id AND b.tenant_id = c.tenant_id"
        " JOIN provider p ON p.id = b.provider_id AND p.tenant_id = c.tenant_id"
        " WHERE c.recipient = ? ORDER BY b.name, c.id LIMIT ?",
        [address, MAX_CONSENTS],
    )


def _portal(r: Any) -> PortalConsent:
    return PortalConsent(
        int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), r[6], from_db_time(r[7])
    )


async def reject_one(address: str, consent_pk: int | None, now: datetime) -> None:
    """RET with IYS_WEB for one of the address's consents (already RET: nothing changes)."""
    with cross_tenant():
        consent = (
            await Consent.get_or_none(id=consent_pk, recipient=address)
            if consent_pk is not None
            else None
        )
    if consent is None:
        raise NotFound()
    await reject([consent], ConsentSource.IYS_WEB, now)


async def reject_channel(address: str, consent_type: str, now: datetime) -> int:
    """RET with IYS_WEB for every ONAY consent of the address on one channel, every brand."""
    with cross_tenant():
        consents = await Consent.filter(recipient=address, type=consent_type, status="ONAY")
    return await reject(consents, ConsentSource.IYS_WEB, now)
