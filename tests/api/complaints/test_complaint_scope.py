"""Complaints within a principal's scope: its brands, and per consent type READ or WRITE.

A complaint's answer carries the evidence of a consent (status, source, dates, transaction id),
so filing or working one needs WRITE on its brand and type, as recording a consent does; reading
one needs READ. A brand outside the scope answers like a missing one, a type outside it too
when reading, and FORBIDDEN when writing (the consents' write path).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.accounts.documents import error_codes
from tests.api.accounts.team import api_key, member
from tests.api.complaints.documents import (
    COMPLAINT,
    COMPLAINTS,
    RECORD_COMPLAINT,
    UPDATE_COMPLAINT,
)
from tests.api.feed.test_consent_changes import record
from tests.graphql import CREATE_BRAND, CREATE_PROVIDER, GraphQLClient, make_brand, sign_up

RECIPIENTS = {"MESAJ": "05550000001", "ARAMA": "05550000001", "EPOSTA": "leak@ornek.com"}
NOT_FOUND = {"__typename": "NotFoundError", "code": "NOT_FOUND"}


def _complaint(brand: str, type: str) -> dict[str, str]:
    return {
        "brandId": brand,
        "recipient": RECIPIENTS[type],
        "type": type,
        "messageAt": "2026-12-03T10:00:00+00:00",
        "content": "Kampanya! Bugün %50 indirim.",
    }


async def _brand_b(owner: GraphQLClient) -> str:
    provider = await owner.data(
        CREATE_PROVIDER, {"input": {"title": "B A.Ş.", "iysCode": 700002, "tin": "4540536920"}}
    )
    created = await owner.data(
        CREATE_BRAND,
        {"input": {"providerId": provider["createProvider"]["id"], "name": "B", "brandCode": 1}},
    )
    return str(created["createBrand"]["id"])


@pytest.fixture
async def agency(client: GraphQLClient, frozen_clock: object) -> dict[str, Any]:
    """Brands A and B, a consent of every type on both, and the owner's complaint about each."""
    owner = await sign_up(client, "ajans")
    brands = {"a": await make_brand(owner), "b": await _brand_b(owner)}
    complaints: dict[tuple[str, str], str] = {}
    for name, brand in brands.items():
        for type, recipient in RECIPIENTS.items():
            await record(owner, brand, recipient, type=type)
            filed = (await owner.data(RECORD_COMPLAINT, {"input": _complaint(brand, type)}))[
                "recordComplaint"
            ]
            assert filed["verdict"] == "CONSENT_VALID", filed
            complaints[name, type] = filed["id"]
    return {"owner": owner, **brands, "complaints": complaints}


async def _record(caller: GraphQLClient, brand: str, type: str) -> dict[str, Any]:
    return await caller.post(RECORD_COMPLAINT, {"input": _complaint(brand, type)})


async def _update(caller: GraphQLClient, complaint: str) -> dict[str, Any]:
    variables = {"input": {"id": complaint, "status": "RESOLVED", "note": "Kapatıldı."}}
    return await caller.post(UPDATE_COMPLAINT, variables)


async def _listed(caller: GraphQLClient) -> set[str]:
    connection = (await caller.data(COMPLAINTS))["complaints"]
    ids = {edge["node"]["id"] for edge in connection["edges"]}
    assert connection["totalCount"] == len(ids)
    return ids


async def _shown(caller: GraphQLClient, complaint: str) -> bool:
    return (await caller.data(COMPLAINT, {"id": complaint}))["complaint"] is not None


async def test_a_read_only_key_files_no_complaint_and_learns_no_evidence(
    agency: dict[str, Any],
) -> None:
    # given an EDITOR key on brand A that may only read MESAJ
    key, _ = await api_key(
        agency["owner"], brandIds=[agency["a"]], types=[{"type": "MESAJ", "access": "READ"}]
    )
    # when it records a complaint of each type on brand A
    bodies = {type: await _record(key, agency["a"], type) for type in RECIPIENTS}
    # then every one is forbidden, with no verdict or evidence in the answer, and none is stored
    for body in bodies.values():
        assert error_codes(body) == {"recordComplaint": "FORBIDDEN"}
        assert body["data"] is None
    owner_count = (await agency["owner"].data(COMPLAINTS))["complaints"]["totalCount"]
    assert owner_count == len(agency["complaints"])


async def test_a_read_only_key_cannot_work_a_complaint(agency: dict[str, Any]) -> None:
    # given the read-only MESAJ key on brand A
    key, _ = await api_key(
        agency["owner"], brandIds=[agency["a"]], types=[{"type": "MESAJ", "access": "READ"}]
    )
    complaints = agency["complaints"]
    # when it resolves the SMS complaint it may read, and the e-mail one it may not
    sms = await _update(key, complaints["a", "MESAJ"])
    mail = await _update(key, complaints["a", "EPOSTA"])
    # then the first is forbidden, the second answers like a missing complaint; nothing moved
    assert error_codes(sms) == {"updateComplaint": "FORBIDDEN"}
    assert mail["data"]["updateComplaint"] == NOT_FOUND
    one = (await agency["owner"].data(COMPLAINT, {"id": complaints["a", "MESAJ"]}))["complaint"]
    assert (one["status"], one["notes"]) == ("OPEN", [])


async def test_a_type_limited_key_reads_only_its_types(agency: dict[str, Any]) -> None:
    # given the read-only MESAJ key on brand A
    key, _ = await api_key(
        agency["owner"], brandIds=[agency["a"]], types=[{"type": "MESAJ", "access": "READ"}]
    )
    complaints = agency["complaints"]
    # when it lists complaints and looks each of brand A's up
    listed = await _listed(key)
    shown = {type: await _shown(key, complaints["a", type]) for type in RECIPIENTS}
    # then only the SMS complaint of brand A is there
    assert listed == {complaints["a", "MESAJ"]}
    assert shown == {"MESAJ": True, "ARAMA": False, "EPOSTA": False}


async def test_a_key_with_write_files_and_works_only_its_type(agency: dict[str, Any]) -> None:
    # given a key on brand A that writes MESAJ and reads EPOSTA
    types = [{"type": "MESAJ", "access": "WRITE"}, {"type": "EPOSTA", "access": "READ"}]
    key, _ = await api_key(agency["owner"], brandIds=[agency["a"]], types=types)
    complaints = agency["complaints"]
    # when it files and resolves an SMS complaint, and does the same with e-mail
    sms = await _record(key, agency["a"], "MESAJ")
    resolved = await _update(key, complaints["a", "MESAJ"])
    mail = await _record(key, agency["a"], "EPOSTA")
    mail_update = await _update(key, complaints["a", "EPOSTA"])
    # then SMS is served, e-mail (read only) is forbidden both ways
    assert sms["data"]["recordComplaint"]["verdict"] == "CONSENT_VALID"
    assert resolved["data"]["updateComplaint"]["status"] == "RESOLVED"
    assert error_codes(mail) == {"recordComplaint": "FORBIDDEN"}
    assert error_codes(mail_update) == {"updateComplaint": "FORBIDDEN"}


async def test_a_brand_limited_user_sees_and_works_only_its_brand(
    agency: dict[str, Any],
) -> None:
    # given an EDITOR limited to brand B, with every type
    limited, _ = await member(agency["owner"], "sinirli@example.com", "EDITOR", [agency["b"]])
    complaints = agency["complaints"]
    # when it files and works complaints on brand A, and lists and reads them
    filed = await _record(limited, agency["a"], "MESAJ")
    updated = await _update(limited, complaints["a", "MESAJ"])
    listed = await _listed(limited)
    shown = await _shown(limited, complaints["a", "MESAJ"])
    own = await _update(limited, complaints["b", "EPOSTA"])
    # then brand A answers like a missing brand; brand B is served
    assert filed["data"]["recordComplaint"] == NOT_FOUND
    assert updated["data"]["updateComplaint"] == NOT_FOUND
    assert listed == {complaints["b", type] for type in RECIPIENTS}
    assert shown is False
    assert own["data"]["updateComplaint"]["status"] == "RESOLVED"


async def test_a_brand_outside_the_scope_is_not_found_before_a_type_is_forbidden(
    agency: dict[str, Any],
) -> None:
    # given a read-only MESAJ key on brand A
    key, _ = await api_key(
        agency["owner"], brandIds=[agency["a"]], types=[{"type": "MESAJ", "access": "READ"}]
    )
    # when it records and works a complaint of brand B
    filed = await _record(key, agency["b"], "EPOSTA")
    updated = await _update(key, agency["complaints"]["b", "MESAJ"])
    # then both answer like a missing brand or complaint, as the consents do
    assert filed["data"]["recordComplaint"] == NOT_FOUND
    assert updated["data"]["updateComplaint"] == NOT_FOUND
