"""The recipient's token: ``Authorization: Bearer <token>`` from verifyRecipientCode.

It is not a user's access token (the view finds no principal in it); it stands for one proven
address, which is all the recipient fields ever read.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from schema.context import Info, Unauthenticated
from server.core.clock import clock
from tenants.recipients.codes import address_for_token

_KEY = "recipient-address"


class IsRecipient(BasePermission):
    """A caller with a live recipient token; others get UNAUTHENTICATED."""

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if _KEY not in info.context.loaders:
            info.context.loaders[_KEY] = await _address(info)
        if info.context.loaders[_KEY] is None:
            raise Unauthenticated()
        return True


async def _address(info: Info) -> str | None:
    scheme, _, token = info.context.request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return await address_for_token(token.strip(), clock.now())


def recipient_address(info: Info) -> str:
    """The proven address (only on fields guarded by IsRecipient)."""
    address = info.context.loaders.get(_KEY)
    if not isinstance(address, str):
        raise Unauthenticated()
    return address
