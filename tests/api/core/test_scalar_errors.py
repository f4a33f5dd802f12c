"""A value a scalar refuses is a typed error in the caller's language, without Python's words."""

from __future__ import annotations

import json

import pytest

from tests.graphql import GraphQLClient, make_brand, sign_up

RECORD = "mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { __typename } }"
TURKISH = "Geçersiz tarih ve saat; saat farkıyla ISO 8601 olmalıdır (2026-12-03T14:05:00+03:00)."
ENGLISH = "Invalid date and time; use ISO 8601 with an offset (2026-12-03T14:05:00+03:00)."
BAD_MOMENTS = [
    "2026-12-04T09:00:00+25:00",  # Python: "offset must be a timedelta strictly between ..."
    "yesterday",  # "Invalid isoformat string"
    "0001-01-01T00:00:00+01:00",  # "date value out of range" (in UTC)
    "2026-02-30T09:00:00+03:00",
    "2026-12-04T09:00:00",  # no offset
    "2026-W49-5T09:00:00+03:00",  # a week date, which Python 3.11 reads
    "20261204T090000+0300",  # the basic format
    "٢٠٢٦-12-04T09:00:00+03:00",
]


def _input(brand: str, message_at: object) -> dict[str, object]:
    return {"brandId": brand, "recipient": "05550000001", "type": "MESAJ", "content": "c",
            "messageAt": message_at}  # fmt: skip


@pytest.mark.parametrize("value", [*BAD_MOMENTS, 5, "2026-12-04T09:00:00+03:00" * 2])
async def test_a_bad_datetime_variable_is_invalid_datetime(
    client: GraphQLClient, value: object
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    # when
    turkish = await owner.post(RECORD, {"i": _input(brand, value)})
    english = await owner.post(RECORD, {"i": _input(brand, value)}, **{"accept-language": "en"})
    # then
    assert turkish["data"] is None
    assert [e["extensions"] for e in turkish["errors"]] == [{"code": "INVALID_DATETIME"}]
    assert [e["message"] for e in turkish["errors"]] == [TURKISH]
    assert [e["message"] for e in english["errors"]] == [ENGLISH]


@pytest.mark.parametrize("value", BAD_MOMENTS)
async def test_a_bad_datetime_literal_is_invalid_datetime(
    client: GraphQLClient, value: str
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    document = (
        f'mutation {{ recordComplaint(input: {{ brandId: "{brand}", recipient: "05550000001",'
        f' type: MESAJ, content: "c", messageAt: "{value}" }}) {{ __typename }} }}'
    )
    # when (an unexpected exception here was answered as INTERNAL)
    body = await owner.post(document, **{"accept-language": "en"})
    # then
    assert body["data"] is None
    assert [(e["extensions"], e["message"]) for e in body["errors"]] == [
        ({"code": "INVALID_DATETIME"}, ENGLISH)
    ]


async def test_a_good_datetime_is_read_in_utc(client: GraphQLClient) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    query = (
        "mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) {"
        " __typename ... on Complaint { messageAt } } }"
    )
    # when
    body = await owner.data(query, {"i": _input(brand, "2026-12-03T10:30:00.5+03:00")})
    # then
    assert body["recordComplaint"]["messageAt"] == "2026-12-03T07:30:00.500000+00:00"


async def test_a_file_bound_to_a_string_is_a_clean_validation_error(client: GraphQLClient) -> None:
    # given
    owner = await sign_up(client, "ajans")
    query = (
        'mutation($t: String!) { createProvider(input: {title: $t, iysCode: 1, tin: "4540536920"})'
        " { __typename } }"
    )
    # when
    response = await client.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": {"t": None}}),
            "map": json.dumps({"0": ["variables.t"]}),
        },
        files={"0": ("f.txt", b"x")},
        headers={"authorization": f"Bearer {owner.token}", "accept-language": "en"},
    )
    # then
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert error["message"] == "A file was sent for a variable that does not take one."
