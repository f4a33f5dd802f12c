"""The tenant's own settings (name, message language, the three-business-day rule) and the
deletion of all of its data."""

from __future__ import annotations

import asyncio
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from server.core import i18n
from server.core.db import db
from server.core.errors import PermissionDenied, ValidationFailed
from server.core.principal import Principal
from server.core.sql import fetch, is_postgres
from server.core.tenancy import as_tenant
from tenants.audit import services as audit
from tenants.complaints import screenshots
from tenants.core.models import Tenant
from tenants.core.text import clean_text

MAX_TENANT_NAME = 200
log = logging.getLogger("izinhub.tenants")


@dataclass(frozen=True, slots=True)
class TenantChanges:
    name: str | None = None
    language: str | None = None
    strict_business_days: bool | None = None


async def create_tenant(name: str, slug: str) -> Tenant:
    """A new tenant. On PostgreSQL its id is drawn first, so the row is written as itself: the
    tenant table's row-level security admits only the transaction's own tenant."""
    conn = db()
    if not is_postgres(conn):
        return await Tenant.create(name=name, slug=slug)
    rows = await fetch(conn, "SELECT nextval(pg_get_serial_sequence('tenant', 'id')) AS id", [])
    tenant_id = int(rows[0]["id"])
    with as_tenant(tenant_id):
        return await Tenant.create(id=tenant_id, name=name, slug=slug)


def _snapshot(tenant: Tenant) -> dict[str, Any]:
    return {
        "name": tenant.name,
        "language": tenant.language,
        "strictBusinessDays": tenant.strict_business_days,
    }


async def get_tenant(principal: Principal) -> Tenant:
    return await Tenant.get(id=principal.tenant_id)


async def update_tenant(principal: Principal, changes: TenantChanges) -> Tenant:
    """OWNER or ADMIN with every brand; the change is audited with its before and after."""
    if not principal.has_role("ADMIN") or principal.scope.limited:
        raise PermissionDenied()
    async with in_transaction():
        tenant = await Tenant.filter(id=principal.tenant_id).select_for_update().first()
        assert tenant is not None  # the principal's tenant exists while it is signed in
        before = _snapshot(tenant)
        _apply(tenant, changes)
        await tenant.save()
        await audit.record(
            principal, "tenant.update", "Tenant", tenant.id, before, _snapshot(tenant)
        )
    return tenant


def _apply(tenant: Tenant, changes: TenantChanges) -> None:
    if changes.name is not None:
        tenant.name = clean_text(changes.name, "name", MAX_TENANT_NAME)
    if changes.language is not None:
        if changes.language not in i18n.LANGUAGES:
            raise ValidationFailed("INVALID_LANGUAGE", field="language")
        tenant.language = changes.language
    if changes.strict_business_days is not None:
        tenant.strict_business_days = changes.strict_business_days


async def delete_tenant(
    principal: Principal, confirm_slug: str, upload_dir: Path, data_dir: Path
) -> str:
    """Erase the tenant and everything it owns; OWNER with every brand only. Returns the slug.

    Every tenant-owned table references the tenant with ON DELETE CASCADE (the audit trail's
    append-only guard lets that cascade through), so one DELETE removes users, sessions, keys,
    consents, imports and the rest: every token of the tenant then answers as anonymous, and
    the slug is free again. The files (uploaded imports, complaint screenshots: personal data)
    go once the deletion is committed, so a rolled-back deletion keeps them.
    """
    if not principal.has_role("OWNER") or principal.scope.limited:
        raise PermissionDenied()
    async with in_transaction():
        tenant = await Tenant.filter(id=principal.tenant_id).select_for_update().first()
        assert tenant is not None  # the principal's tenant exists while it is signed in
        if confirm_slug != tenant.slug:
            raise ValidationFailed("SLUG_MISMATCH", field="confirmSlug")
        await Tenant.filter(id=tenant.id).delete()
    await asyncio.to_thread(_remove_files, upload_dir, data_dir, tenant.id)
    log.info("tenant %s (%s) deleted by user %s", tenant.id, tenant.slug, principal.user_id)
    return tenant.slug


def _remove_files(upload_dir: Path, data_dir: Path, tenant_id: int) -> None:
    """The tenant's folders of uploaded imports and of complaint screenshots; blocking."""
    shutil.rmtree(upload_dir.resolve() / str(tenant_id), ignore_errors=True)
    shutil.rmtree(screenshots.folder(data_dir.resolve(), tenant_id), ignore_errors=True)
