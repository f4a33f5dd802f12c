"""What the audit trail keeps of an object before and after a change: never a secret or hash."""

from __future__ import annotations

from typing import Any

from tenants.accounts.models import ApiKey, Invitation, User
from tenants.core.models import Tenant


def user_snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "fullName": user.full_name,
        "role": user.role.value,
        "active": user.active,
        "scope": user.scope,
    }


def invitation_snapshot(invitation: Invitation) -> dict[str, Any]:
    return {
        "email": invitation.email,
        "role": invitation.role.value,
        "scope": invitation.scope,
        "expiresAt": invitation.expires_at.isoformat(),
    }


def api_key_snapshot(key: ApiKey) -> dict[str, Any]:
    return {
        "name": key.name,
        "role": key.role.value,
        "scope": key.scope,
        "prefix": key.prefix,
        "expiresAt": key.expires_at.isoformat() if key.expires_at else None,
        "revoked": key.revoked_at is not None,
    }


def tenant_snapshot(tenant: Tenant) -> dict[str, Any]:
    return {
        "name": tenant.name,
        "slug": tenant.slug,
        "language": tenant.language,
        "strictBusinessDays": tenant.strict_business_days,
    }
