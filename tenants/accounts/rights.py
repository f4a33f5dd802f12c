"""Who may manage whom: the role ladder and the scope a grant may carry.

Administration (users, invitations, API keys, tenant settings, the audit trail) needs ADMIN and
an unlimited scope: a brand-limited principal manages nothing, so it can never widen itself or
hand out rights it cannot see. Below OWNER, a principal only manages roles under its own: an
ADMIN manages EDITORs and VIEWERs, an OWNER manages everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from server.core.errors import NotFound, PermissionDenied, ValidationFailed
from server.core.principal import Access, Principal, RoleRank, Scope
from tenants.core.access import scoped
from tenants.providers.models import Brand

# Keys are for machines; the tenant itself is a person's business.
MAX_KEY_ROLE = RoleRank.ADMIN
MAX_SCOPE_BRANDS = 500


def require_admin(principal: Principal) -> None:
    """ADMIN or OWNER with every brand; anything else is FORBIDDEN."""
    if not principal.has_role("ADMIN") or principal.scope.limited:
        raise PermissionDenied()


def require_user(principal: Principal) -> int:
    """The principal's user id; API keys have no password or profile of their own."""
    if principal.user_id is None:
        raise PermissionDenied()
    return principal.user_id


def may_manage(principal: Principal, role: str) -> bool:
    """An OWNER manages every role, anyone else only the roles below its own."""
    rank = RoleRank[role]
    return principal.rank is RoleRank.OWNER or rank < principal.rank


def check_grant(principal: Principal, role: str) -> None:
    """Refuse to give out a role the principal could not manage afterwards."""
    require_admin(principal)
    if not may_manage(principal, role):
        raise ValidationFailed("ROLE_TOO_HIGH", field="role")


async def build_scope(
    tenant_id: int,
    brand_ids: Iterable[int | None] | None,
    types: Mapping[str, Access] | None,
) -> Scope:
    """A scope from API input; every brand must exist in the tenant (else NOT_FOUND)."""
    if brand_ids is None:
        return Scope.of(None, types)
    wanted = list(brand_ids)
    if len(wanted) > MAX_SCOPE_BRANDS:
        raise ValidationFailed("TOO_MANY_BRANDS", field="brandIds", max=MAX_SCOPE_BRANDS)
    if any(pk is None for pk in wanted):
        raise NotFound()
    pks = {pk for pk in wanted if pk is not None}
    found = await scoped(Brand, tenant_id).filter(id__in=list(pks)).count() if pks else 0
    if found != len(pks):
        raise NotFound()
    return Scope.of(pks, types)
