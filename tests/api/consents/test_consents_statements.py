"""consents(first: N): the SQL statements a page costs do not grow with N (no N+1)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from schema.relay import pk_of
from server.core.tenancy import as_tenant
from tenants.consents.models import Consent, ConsentMovement
from tenants.providers.models import Brand
from tests.graphql import GraphQLClient, make_brand, sign_up

PAGE = """
query Page($brandId: ID!, $first: Int) {
  consents(brandId: $brandId, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id recipient type status
      brand { id name brandCode master provider { iysCode } }
      history { status transactionId }
    } }
  }
}"""
# Every statement tortoise sends, on either backend, is logged here at DEBUG.
DB_LOGGER = "tortoise.db_client"


async def _seed(brand_global_id: str, count: int) -> None:
    """``count`` consents with one movement each, through the ORM of the brand's tenant."""
    brand = await Brand.get(id=pk_of(brand_global_id, "Brand"))
    with as_tenant(brand.tenant_id):
        await _seed_brand(brand, count)


async def _seed_brand(brand: Brand, count: int) -> None:
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    consents = [
        Consent(
            tenant_id=brand.tenant_id,
            brand_id=brand.id,
            type="MESAJ",
            recipient_type="BIREYSEL",
            recipient=f"+90555{i:07d}",
            status="ONAY",
            source="HS_WEB",
            consent_date=now,
            creation_date=now,
            transaction_id=f"{i:064x}",
        )
        for i in range(count)
    ]
    await Consent.bulk_create(consents)
    stored = await Consent.filter(tenant_id=brand.tenant_id, brand_id=brand.id)
    await ConsentMovement.bulk_create(
        ConsentMovement(
            tenant_id=c.tenant_id,
            consent_id=c.id,
            brand_id=c.brand_id,
            status=c.status,
            source=c.source,
            consent_date=c.consent_date,
            creation_date=c.creation_date,
            transaction_id=c.transaction_id,
        )
        for c in stored
    )


async def _statements(
    owner: GraphQLClient, brand_id: str, first: int, caplog: pytest.LogCaptureFixture
) -> int:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=DB_LOGGER):
        page = await owner.data(PAGE, {"brandId": brand_id, "first": first})
    assert len(page["consents"]["edges"]) == first
    return len([r for r in caplog.records if r.name == DB_LOGGER])


async def test_a_page_of_100_costs_the_statements_of_a_page_of_10(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given a brand with more consents than the largest page
    owner = await sign_up(client, "ajans")
    brand_id = await make_brand(owner)
    await _seed(brand_id, 120)
    await owner.data(PAGE, {"brandId": brand_id, "first": 1})  # warm: nothing lazy counted below
    # when
    small = await _statements(owner, brand_id, 10, caplog)
    large = await _statements(owner, brand_id, 100, caplog)
    # then
    assert small == large
    assert 0 < large <= 8  # principal, brand check, page, brands, providers, histories
