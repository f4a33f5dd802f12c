"""One-click rejection links from notices, valid 90 days.

A link is a random token stored only as its SHA-256, bound to one tenant, brand, address and
channel, so it cannot be altered to reach another consent. Looking a token up is the one read
across tenants on this path: by the token's hash, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from server.core.errors import NotFound
from server.core.security.tokens import hash_opaque_token, new_opaque_token
from server.core.tenancy import as_tenant, cross_tenant
from tenants.consents.codes import ConsentSource, RecipientType
from tenants.consents.models import Consent
from tenants.core.access import scoped
from tenants.providers.models import Brand
from tenants.recipients.models import RejectionLink
from tenants.recipients.rejections import CHANNEL_TYPES, reject_brand_consents

MAX_TOKEN_LENGTH = 64
LINK_SOURCES = {"EPOSTA": ConsentSource.IYS_EPOSTA, "SMS": ConsentSource.IYS_KISAMESAJ}


@dataclass(frozen=True, slots=True)
class LinkView:
    """What the confirmation page shows."""

    brand_name: str
    recipient: str
    channel: str
    used: bool
    types: tuple[str, ...]  # of the channel's types, those the brand holds for the address


async def create_link(
    tenant_id: int, brand_id: int, recipient: str, channel: str, now: datetime, days: int
) -> str:
    """A new link's token (to put in a message); only its hash is kept."""
    token = new_opaque_token()
    await RejectionLink.create(
        tenant_id=tenant_id,
        brand_id=brand_id,
        recipient=recipient,
        channel=channel,
        token_hash=hash_opaque_token(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return token


async def _live_link(token: str, now: datetime) -> RejectionLink:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound()
    with cross_tenant():  # the token is what names the tenant
        link = await RejectionLink.get_or_none(token_hash=hash_opaque_token(token))
    if link is None or link.expires_at <= now:
        raise NotFound()  # an expired link answers like a forged one
    return link


async def view_link(token: str, now: datetime) -> LinkView:
    link = await _live_link(token, now)
    with as_tenant(link.tenant_id):
        return await _view(link, used=link.used_at is not None)


async def use_link(token: str, now: datetime) -> LinkView:
    """Reject every consent the link covers that is ONAY now (none left: nothing changes).

    A link stays usable for its 90 days, so it also withdraws a consent given again later.
    """
    link = await _live_link(token, now)
    with as_tenant(link.tenant_id):
        view = await _view(link, used=True)  # the types held before they are withdrawn
        await _reject_covered(link, now)
    return view


async def _view(link: RejectionLink, used: bool) -> LinkView:
    brand = await scoped(Brand, link.tenant_id).get(id=link.brand_id)
    rows = await (
        scoped(Consent, link.tenant_id)
        .filter(
            brand_id=link.brand_id,
            type__in=CHANNEL_TYPES[link.channel],
            # every recipient type named, so the unique key (.., type, recipient_type,
            # recipient) is sought rather than the brand walked
            recipient_type__in=[kind.value for kind in RecipientType],
            recipient=link.recipient,
        )
        .values("type")
    )
    held = {row["type"] for row in rows}
    types = tuple(kind for kind in CHANNEL_TYPES[link.channel] if kind in held)
    return LinkView(brand.name, link.recipient, link.channel, used, types)


async def _reject_covered(link: RejectionLink, now: datetime) -> None:
    await reject_brand_consents(
        link.tenant_id,
        link.brand_id,
        link.recipient,
        CHANNEL_TYPES[link.channel],
        LINK_SOURCES[link.channel],
        now,
    )
    await scoped(RejectionLink, link.tenant_id).filter(id=link.id).update(used_at=now)
