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
from tenants.consents.codes import ConsentSource, ConsentType, RecipientType
from tenants.consents.models import Consent
from tenants.recipients.rejections import reject

MAX_CONSENTS = 1000


# An address is found through the brands: one exact seek of the consent key (tenant, brand,
# type, recipient type, recipient) per brand and code pair, instead of a scan of every tenant's
# consents for a column no index leads with (an index on the address alone would cost every
# import a write). The cost grows with the number of brands, not of consents. The code pairs are
# joined as rows so that every key column is an equality (IN lists on the middle columns, or a join
# the planner may reorder, leave PostgreSQL 15 scanning each brand's whole range).
CODE_PAIRS = ", ".join(f"('{t}', '{r}')" for t in ConsentType for r in RecipientType)
ADDRESS_KEYS = (
    f"WITH k(type, recipient_type) AS (VALUES {CODE_PAIRS}),"
    " bk AS MATERIALIZED (SELECT b.tenant_id, b.id, b.name, b.provider_id, k.type,"
    " k.recipient_type FROM brand b CROSS JOIN k) "
)
ADDRESS_CONSENTS = (
    " FROM bk JOIN consent c ON c.tenant_id = bk.tenant_id AND c.brand_id = bk.id"
    " AND c.type = bk.type AND c.recipient_type = bk.recipient_type AND c.recipient = ?"
)


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
        f"{ADDRESS_KEYS}SELECT c.id, bk.name, p.title, c.type, c.recipient_type, c.status,"
        f" c.source, c.consent_date{ADDRESS_CONSENTS}"
        " JOIN provider p ON p.id = bk.provider_id AND p.tenant_id = bk.tenant_id"
        " ORDER BY bk.name, c.id LIMIT ?",
        [address, MAX_CONSENTS],
    )


def _portal(r: Any) -> PortalConsent:
    return PortalConsent(
        int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), r[6], from_db_time(r[7])
    )


async def reject_one(address: str, consent_pk: int | None, now: datetime) -> int:
    """RET with IYS_WEB for one of the address's consents; how many changed (already RET: 0)."""
    with cross_tenant():
        consent = (
            await Consent.get_or_none(id=consent_pk, recipient=address)
            if consent_pk is not None
            else None
        )
    if consent is None:
        raise NotFound()
    return await reject([consent], ConsentSource.IYS_WEB, now)


async def reject_channel(address: str, consent_type: str, now: datetime) -> int:
    """RET with IYS_WEB for every ONAY consent of the address on one channel, every brand."""
    with cross_tenant():
        rows = await fetch(db(), f"{ADDRESS_KEYS}SELECT c.id{ADDRESS_CONSENTS}", [address])
        ids = [int(r[0]) for r in rows]
        consents = await Consent.filter(id__in=ids, type=consent_type, status="ONAY")
    return await reject(consents, ConsentSource.IYS_WEB, now)
