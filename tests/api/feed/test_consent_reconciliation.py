"""consentReconciliation and its download: İYS's day CSV and its SHA-384."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from tenants.consents import reconciliation
from tenants.consents.models import ConsentMovement
from tests.api.feed.test_consent_changes import record
from tests.conftest import FROZEN_NOW
from tests.graphql import GraphQLClient, make_brand, sign_up

RECONCILE = """
query Reconcile($brandId: ID!, $day: String!) {
  consentReconciliation(brandId: $brandId, day: $day) { day rows sha384 downloadPath }
}"""
HEADER = "creationDate,transactionId,recipient,recipientType,type,status,consentDate,source"


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    await record(owner, brand, "05550000002")
    await record(owner, brand, "05550000001")
    await record(owner, brand, "ayse@example.com", type="EPOSTA")
    return owner, brand


async def test_the_days_csv_lists_every_movement_sorted_and_its_hash_matches(
    client: GraphQLClient, brand: tuple[GraphQLClient, str]
) -> None:
    # given
    owner, brand_id = brand
    # when
    summary = (await owner.data(RECONCILE, {"brandId": brand_id, "day": "2026-12-03"}))[
        "consentReconciliation"
    ]
    response = await client.http.get(
        summary["downloadPath"], headers={"authorization": f"Bearer {owner.token}"}
    )
    # then
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert lines[0] == HEADER
    assert summary["rows"] == len(lines) - 1 == 3
    rows = [line.split(",") for line in lines[1:]]
    assert rows == sorted(rows, key=lambda r: (r[0], r[1]))
    assert {r[2] for r in rows} == {"+905550000002", "+905550000001", "ayse@example.com"}
    assert all(r[0] == "2026-12-03 14:00:00" for r in rows)  # Istanbul time, İYS's format
    assert all(r[6] == "2026-12-03 09:00:00" and r[7] == "HS_WEB" for r in rows)
    assert summary["sha384"] == hashlib.sha384(response.content).hexdigest()
    assert response.headers["x-content-sha384"] == summary["sha384"]


async def test_a_day_without_movements_is_just_the_header(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given
    owner, brand_id = brand
    # when
    summary = (await owner.data(RECONCILE, {"brandId": brand_id, "day": "2026-12-02"}))[
        "consentReconciliation"
    ]
    # then
    assert summary["rows"] == 0
    assert summary["sha384"] == hashlib.sha384(f"{HEADER}\n".encode()).hexdigest()


@pytest.mark.parametrize("day", ["2026-13-01", "03.12.2026", "", "2026-12-031"])
async def test_a_bad_day_is_a_clear_error(brand: tuple[GraphQLClient, str], day: str) -> None:
    # given
    owner, brand_id = brand
    # when
    body = await owner.post(RECONCILE, {"brandId": brand_id, "day": day})
    # then
    assert body["errors"][0]["extensions"]["code"] == "INVALID_DATE"


@pytest.mark.parametrize(
    "day",
    ["20261202xx", "2026-W49-3", "20261202", "２０２６-１２-０２", "2026-12-0٢", "2026-12-02 "],
)
async def test_only_yyyy_mm_dd_in_ascii_digits_is_a_day_in_the_query_and_the_download(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], day: str
) -> None:
    # given: Python reads 20261202xx and 2026-W49-3 as 2026-12-02, a day with movements
    owner, brand_id = brand
    # when
    body = await owner.post(RECONCILE, {"brandId": brand_id, "day": day})
    download = await client.http.get(
        f"/reconciliation/{brand_id}/{day}.csv",
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID_DATE", "field": "day"}
    assert download.status_code == 400
    assert download.json() == {"error": {"code": "INVALID_DATE"}}


async def test_the_download_needs_a_token_and_hides_other_tenants_brands(
    client: GraphQLClient, brand: tuple[GraphQLClient, str]
) -> None:
    # given
    _, brand_id = brand
    stranger = await sign_up(client, "yabanci", email="s@example.com")
    path = f"/reconciliation/{brand_id}/2026-12-03.csv"
    # when
    anonymous = await client.http.get(path)
    foreign = await client.http.get(path, headers={"authorization": f"Bearer {stranger.token}"})
    missing = await client.http.get(
        "/reconciliation/QnJhbmQ6OTk5/2026-12-03.csv",
        headers={"authorization": f"Bearer {stranger.token}"},
    )
    bad_day = await client.http.get(
        f"/reconciliation/{brand_id}/2026-02-30.csv",
        headers={"authorization": f"Bearer {stranger.token}"},
    )
    # then
    assert anonymous.status_code == 401
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert bad_day.status_code == 400


async def test_a_day_after_today_is_refused_in_the_query_and_the_download(
    client: GraphQLClient, brand: tuple[GraphQLClient, str]
) -> None:
    # given: the clock is frozen on 2026-12-03 in Istanbul
    owner, brand_id = brand
    # when
    body = await owner.post(RECONCILE, {"brandId": brand_id, "day": "2026-12-04"})
    download = await client.http.get(
        f"/reconciliation/{brand_id}/2026-12-04.csv",
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    assert body["errors"][0]["extensions"] == {"code": "FUTURE_DAY", "field": "day"}
    assert download.status_code == 400
    assert download.json() == {"error": {"code": "FUTURE_DAY"}}


@pytest.mark.parametrize("day", ["0001-01-01", "2015-04-30"])
async def test_a_day_before_iys_began_is_refused_in_the_query_and_the_download(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], day: str
) -> None:
    owner, brand_id = brand
    # when
    body = await owner.post(RECONCILE, {"brandId": brand_id, "day": day})
    download = await client.http.get(
        f"/reconciliation/{brand_id}/{day}.csv",
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    assert body["errors"][0]["extensions"] == {"code": "DAY_BEFORE_IYS", "field": "day"}
    assert download.status_code == 400
    assert download.json() == {"error": {"code": "DAY_BEFORE_IYS"}}


async def test_movements_of_one_second_are_ordered_by_transaction_id_across_pages(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the three movements of one second, recorded in the reverse of their
    # transactionId order, read one per page
    owner, brand_id = brand
    movements = await ConsentMovement.all().order_by("-transaction_id")
    for offset, movement in zip((100_000, 400_000, 700_000), movements, strict=True):
        moment = FROZEN_NOW + timedelta(microseconds=offset)
        await ConsentMovement.filter(id=movement.id).update(creation_date=moment)
    monkeypatch.setattr(reconciliation, "CHUNK", 1)
    # when
    summary = (await owner.data(RECONCILE, {"brandId": brand_id, "day": "2026-12-03"}))[
        "consentReconciliation"
    ]
    response = await client.http.get(
        summary["downloadPath"], headers={"authorization": f"Bearer {owner.token}"}
    )
    # then: as İYS sorts the file it writes (dates to the second)
    rows = [line.split(",") for line in response.text.splitlines()[1:]]
    assert [r[1] for r in rows] == sorted(m.transaction_id for m in movements)
    assert all(r[0] == "2026-12-03 14:00:00" for r in rows)
    assert summary["rows"] == 3
    assert summary["sha384"] == hashlib.sha384(response.content).hexdigest()


async def test_a_download_is_one_cut_whose_header_hash_matches_its_body(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: today's file read one movement per page, and a consent recorded for the brand
    # while the first page is being read
    owner, brand_id = brand
    monkeypatch.setattr(reconciliation, "CHUNK", 1)
    read_page = reconciliation._page
    recorded: list[bool] = []

    async def page_then_record(*args: object, **kwargs: object) -> list[object]:
        rows = await read_page(*args, **kwargs)  # type: ignore[arg-type]
        if not recorded:
            recorded.append(True)
            await record(owner, brand_id, "05550000009")
        return rows

    monkeypatch.setattr(reconciliation, "_page", page_then_record)
    # when
    response = await client.http.get(
        f"/reconciliation/{brand_id}/2026-12-03.csv",
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then: the movements that existed when reading began, hashed as sent
    assert recorded
    lines = response.text.splitlines()
    assert len(lines) == 4
    assert "+905550000009" not in response.text
    assert response.headers["x-content-sha384"] == hashlib.sha384(response.content).hexdigest()
    assert response.headers["content-disposition"].endswith('-2026-12-03.csv"')
    assert 'filename="mutabakat-' in response.headers["content-disposition"]
