"""The database refuses to change or remove an audit event, except with its whole tenant."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise.exceptions import BaseORMException

from server.core.principal import Principal
from server.core.tenancy import as_tenant, cross_tenant
from tenants.audit import services as audit
from tenants.audit.models import AuditEvent
from tenants.core.models import Tenant
from tests.conftest import new_tenant

# tortoise wraps SQLite's refusal; asyncpg's RAISE from a trigger comes through as it is.
REFUSED = (BaseORMException, asyncpg.PostgresError)


async def _event() -> tuple[Tenant, AuditEvent]:
    tenant = await new_tenant()
    with as_tenant(tenant.id):
        actor = Principal(tenant.id, None, "OWNER")
        event = await audit.record(actor, "tenant.update", "Tenant", 1)
    return tenant, event


@pytest.mark.usefixtures("db")
async def test_an_event_cannot_be_changed_or_deleted() -> None:
    # given a recorded event
    tenant, event = await _event()
    # when someone of the tenant changes or deletes it directly in the database
    # then the database refuses both
    with as_tenant(tenant.id):
        with pytest.raises(REFUSED):
            await AuditEvent.filter(id=event.id).update(action="forged")
        with pytest.raises(REFUSED):
            await AuditEvent.filter(id=event.id).delete()
        assert (await AuditEvent.get(id=event.id)).action == "tenant.update"


@pytest.mark.usefixtures("db")
async def test_deleting_a_tenant_takes_its_events_with_it() -> None:
    # given a tenant with an event
    tenant, _ = await _event()
    # when the tenant is erased
    with as_tenant(tenant.id):
        await Tenant.filter(id=tenant.id).delete()
    # then its events go with it
    with cross_tenant():
        assert await AuditEvent.all().count() == 0
