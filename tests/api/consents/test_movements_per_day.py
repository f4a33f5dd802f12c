"""movementsPerDay: the dashboard's series of approvals and rejections per Istanbul day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.core.clock import clock
from tests.api.consents.test_record_consent import RECORD
from tests.graphql import GraphQLClient, make_brand, sign_up

SERIES = """
query($brandId: ID!, $days: Int) {
  movementsPerDay(brandId: $brandId, days: $days) { day approvals rejections }
}"""


async def _record(
    client: GraphQLClient, brand: str, recipient: str, status: str, when: str
) -> None:
    result = await client.data(
        RECORD,
        {
            "input": {
                "brandId": brand,
                "recipient": recipient,
                "type": "MESAJ",
                "status": status,
                "source": "HS_WEB",
                "consentDate": when,
            }
        },
    )
    assert result["recordConsent"]["__typename"] == "Consent", result


async def _login(client: GraphQLClient) -> GraphQLClient:
    data = await client.data(
        "mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }",
        {
            "i": {
                "tenant": "ajans",
                "email": "owner@example.com",
                "password": "Correct-Horse-Battery-9",
            }
        },
    )
    return client.as_token(data["login"]["accessToken"])


async def test_counts_fall_on_the_istanbul_day_they_were_recorded(
    client: GraphQLClient, frozen_clock
) -> None:
    # given two approvals recorded yesterday (Istanbul) and one approval + one rejection today
    clock.freeze(frozen_clock - timedelta(days=1))
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    await _record(owner, brand, "05550000001", "ONAY", "2026-12-02 09:00:00")
    await _record(owner, brand, "05550000002", "ONAY", "2026-12-02 09:00:00")
    clock.freeze(frozen_clock)
    owner = await _login(client)
    await _record(owner, brand, "05550000003", "ONAY", "2026-12-03 09:00:00")
    await _record(owner, brand, "05550000001", "RET", "2026-12-03 10:00:00")
    # when
    series = (await owner.data(SERIES, {"brandId": brand, "days": 3}))["movementsPerDay"]
    # then
    assert series == [
        {"day": "2026-12-01", "approvals": 0, "rejections": 0},
        {"day": "2026-12-02", "approvals": 2, "rejections": 0},
        {"day": "2026-12-03", "approvals": 1, "rejections": 1},
    ]


@pytest.mark.parametrize("days", [0, 367])
async def test_days_out_of_range_are_refused(client: GraphQLClient, days: int) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    # when
    body = await owner.post(SERIES, {"brandId": brand, "days": days})
    # then
    assert body["errors"][0]["extensions"]["code"] == "INVALID_DAYS"
