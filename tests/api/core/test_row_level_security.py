"""Row-level security on PostgreSQL: the database alone keeps tenants apart.

These tests bypass the application's filters on purpose (raw SQL without a tenant condition)
and check what the database hands back to the application's role. (Test code otherwise reads
across tenants, see tests/conftest.py; here each read names its scope.)
"""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from server.core.db import db
from server.core.sql import fetch
from server.core.tenancy import as_tenant, cross_tenant, no_tenant
from tenants.core.models import Tenant, TenantScopedModel
from tests.api.consents.test_record_consent import RECORD
from tests.graphql import GraphQLClient, make_brand, sign_up

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def backend() -> str:
    return "postgres"


def _tenant_tables() -> list[str]:
    models = [m for app in Tortoise.apps.values() for m in app.values()]
    return sorted(m._meta.db_table for m in models if issubclass(m, TenantScopedModel))


async def _two_tenants(client: GraphQLClient) -> tuple[int, int]:
    """Tenants "a" and "b", each with a provider, a brand and one consent."""
    for slug, brand_code in (("ajans-a", 700001), ("ajans-b", 700002)):
        owner = await sign_up(client, slug)
        brand = await make_brand(owner, iys_code=brand_code, brand_code=brand_code)
        consent = {
            "brandId": brand,
            "recipient": "+905321234567",
            "type": "MESAJ",
            "status": "ONAY",
            "source": "HS_WEB",
            "consentDate": "2026-12-02T10:00:00+03:00",
            "recipientType": "BIREYSEL",
        }
        recorded = await owner.data(RECORD, {"input": consent})
        assert recorded["recordConsent"]["__typename"] == "Consent", recorded
    with cross_tenant():
        ids = {t.slug: t.id for t in await Tenant.all()}
    return ids["ajans-a"], ids["ajans-b"]


async def _tenants_seen(table: str) -> set[int]:
    rows = await fetch(db(), f"SELECT DISTINCT tenant_id FROM {table}", [])
    return {int(row[0]) for row in rows}


async def test_every_tenant_owned_table_has_forced_policies(app: Any) -> None:
    rows = await fetch(
        db(),
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
        " (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname"
        "  AND p.schemaname = 'public') FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind = 'r'",
        [],
    )
    secured = {str(r[0]): (bool(r[1]), bool(r[2]), int(r[3])) for r in rows}
    for table in [*_tenant_tables(), "tenant"]:
        assert secured.get(table) == (True, True, 2), f"{table} lacks forced row-level security"


async def test_the_application_role_cannot_bypass_or_own(app: Any) -> None:
    role = await fetch(
        db(),
        "SELECT rolsuper, rolbypassrls, pg_has_role(current_user, ?, 'member')"
        " FROM pg_roles WHERE rolname = current_user",
        [app.state.runtime.settings.database_app_role],
    )
    assert tuple(role[0]) == (False, False, True)
    owned = await fetch(db(), "SELECT count(*) FROM pg_tables WHERE tableowner = current_user", [])
    assert owned[0][0] == 0


async def test_unfiltered_reads_see_only_the_scoped_tenant(client: GraphQLClient) -> None:
    a, b = await _two_tenants(client)
    for table in ("consent", "consent_movement", "brand", "provider", "app_user", "audit_event"):
        with as_tenant(b):
            assert await _tenants_seen(table) == {b}, table
        with as_tenant(a):
            assert await _tenants_seen(table) == {a}, table
        with no_tenant():
            assert await _tenants_seen(table) == set(), f"{table} visible without a tenant"
        with cross_tenant():
            assert await _tenants_seen(table) == {a, b}, table
    with as_tenant(b):
        tenants = await fetch(db(), "SELECT id FROM tenant", [])
    assert [int(r[0]) for r in tenants] == [b]


async def test_writes_into_another_tenant_are_refused(client: GraphQLClient) -> None:
    a, b = await _two_tenants(client)
    with as_tenant(b):
        changed = await db().execute_query("UPDATE consent SET status = 'RET'", [])
        assert changed[0] == 1  # only b's own consent
        removed = await db().execute_query(f"DELETE FROM brand WHERE tenant_id = {a}", [])
        assert removed[0] == 0
        with pytest.raises(OperationalError, match="row-level security"):
            await db().execute_query(
                "INSERT INTO audit_event (tenant_id, at, action, entity_type, client_ip,"
                f" user_agent) VALUES ({a}, now(), 'x', 'x', '', '')",
                [],
            )
    with cross_tenant():  # reads every tenant, writes none
        renamed = await db().execute_query(f"UPDATE tenant SET name = 'x' WHERE id = {a}", [])
        assert renamed[0] == 0
        with pytest.raises(OperationalError, match="row-level security"):
            await db().execute_query(
                "INSERT INTO audit_event (tenant_id, at, action, entity_type, client_ip,"
                f" user_agent) VALUES ({a}, now(), 'x', 'x', '', '')",
                [],
            )
    with as_tenant(a):
        rows = await fetch(db(), "SELECT status FROM consent", [])
        names = await fetch(db(), "SELECT name FROM tenant", [])
    assert [r[0] for r in rows] == ["ONAY"]
    assert names[0][0] != "x"


@pytest.fixture
def settings(tmp_path: Any, request: pytest.FixtureRequest) -> Any:
    from tests.conftest import _settings

    return _settings(
        tmp_path,
        request.getfixturevalue("postgres_url"),
        migration_database_url=request.getfixturevalue("postgres_owner_url"),
        db_pool_max=1,  # one pooled connection: every request below reuses it
    )


async def test_a_pooled_connection_carries_no_tenant_into_the_next_use(
    client: GraphQLClient,
) -> None:
    a, b = await _two_tenants(client)
    setting = "SELECT current_setting('app.tenant_id', true)"
    with as_tenant(a):
        assert (await fetch(db(), setting, []))[0][0] == str(a)
        async with in_transaction() as conn:
            await fetch(conn, "SELECT count(*) FROM consent", [])
    with no_tenant():
        assert (await fetch(db(), setting, []))[0][0] in ("", None)
        assert await _tenants_seen("consent") == set()
    with as_tenant(b):
        assert await _tenants_seen("consent") == {b}
    owner_a = await sign_up(client, "ajans-c")  # a whole request as another tenant in between
    await owner_a.data("{ me { email } }")
    with as_tenant(b):
        assert await _tenants_seen("consent") == {b}


async def _read_then_roll_back(tenant: int) -> None:
    async with in_transaction():
        assert await _tenants_seen("consent") == {tenant}
        raise RuntimeError("roll the savepoint back")


async def test_a_nested_scope_and_a_rolled_back_savepoint_leave_the_outer_scope(
    client: GraphQLClient,
) -> None:
    a, b = await _two_tenants(client)
    with as_tenant(a):
        async with in_transaction() as conn:
            with as_tenant(b):
                assert await _tenants_seen("consent") == {b}
                with pytest.raises(RuntimeError):
                    await _read_then_roll_back(b)
            assert {int(r[0]) for r in await fetch(conn, "SELECT tenant_id FROM brand", [])} == {a}
