"""GraphQL multipart requests: a malformed one is a typed 400, an anonymous one is not read."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from tenants.imports.models import ImportJob
from tests.graphql import GraphQLClient, make_brand, sign_up

IMPORT = 'mutation($f: Upload!) { importConsents(brandId: "QnJhbmQ6MQ", file: $f) { __typename } }'
OPERATIONS = json.dumps({"query": IMPORT, "variables": {"f": None}})


def _bad_request(response: object) -> str:
    assert response.status_code == 400, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    return str(error["message"])


@pytest.mark.parametrize(
    "files_map",
    [
        "[1]",
        '"0"',
        '{"0": ["variables.f.0.1"]}',
        '{"0": [5]}',
        '{"0": "variables.f"}',
        '{"0": ["variables.g"]}',
        '{"0": ["query"]}',
        '{"0": ["variables"]}',
        '{"0": ["variables.f", "variables.f.x"]}',
        '{"1": ["variables.f"]}',
        '{"text": ["variables.f"]}',
        "{",
    ],
)
async def test_a_malformed_map_is_a_typed_400(client: GraphQLClient, files_map: str) -> None:
    # given
    owner = await sign_up(client, "ajans")
    # when
    response = await client.http.post(
        "/graphql",
        data={"operations": OPERATIONS, "map": files_map, "text": "not a file"},
        files={"0": ("f.txt", b"recipient\n", "text/plain")},
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    _bad_request(response)
    assert await ImportJob.all().count() == 0


@pytest.mark.parametrize(
    "operations",
    [None, "[]", "null", '"query"', "{", '{"query": "{ __typename }", "variables": ' + "[" * 300],
)
async def test_malformed_operations_are_a_typed_400(
    client: GraphQLClient, operations: str | None
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    fields = {"map": '{"0": ["variables.f"]}'}
    if operations is not None:
        fields["operations"] = operations
    # when
    response = await client.http.post(
        "/graphql",
        data=fields,
        files={"0": ("f.txt", b"recipient\n", "text/plain")},
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    _bad_request(response)


async def test_operations_sent_as_a_file_are_a_typed_400(client: GraphQLClient) -> None:
    # given
    owner = await sign_up(client, "ajans")
    # when
    response = await client.http.post(
        "/graphql",
        data={"map": '{"0": ["variables.f"]}'},
        files={"operations": ("o.json", OPERATIONS.encode()), "0": ("f.txt", b"x")},
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    _bad_request(response)


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed"]
)
async def test_a_multipart_body_that_does_not_parse_is_a_typed_400(
    client: GraphQLClient, content_type: str
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    # when
    response = await client.http.post(
        "/graphql",
        content=b"--x\r\nnot a part\r\n",
        headers={"content-type": content_type, "authorization": f"Bearer {owner.token}"},
    )
    # then
    _bad_request(response)


async def test_a_list_of_files_still_maps_by_index(client: GraphQLClient) -> None:
    # given an operation whose variables hold a list with a null in it
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    query = (
        "mutation($b: ID!, $f: Upload!) { importConsents(brandId: $b, file: $f) { __typename } }"
    )
    operations = {"query": query, "variables": {"b": brand, "f": None, "extra": [0, None]}}
    # when
    response = await client.http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.f"], "1": ["variables.extra.1"]}),
        },
        files={"0": ("f.csv", b"recipient\n"), "1": ("g.csv", b"x")},
        headers={"authorization": f"Bearer {owner.token}"},
    )
    # then
    assert response.status_code == 200, response.text
    assert response.json()["data"]["importConsents"]["__typename"] == "ValidationError"


CHUNK = 64 * 1024
CHUNKS = 160  # 10 MiB


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-token", "Bearer izh_nonsense", "Basic a:b"]
)
async def test_an_anonymous_upload_is_refused_before_its_body_is_read(
    client: GraphQLClient, authorization: str | None
) -> None:
    # given a 10 MiB multipart body that counts how much of it the server reads
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        head = (
            b'--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
            + OPERATIONS.encode()
            + b'\r\n--b\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0": ["variables.f"]}'
            + b'\r\n--b\r\nContent-Disposition: form-data; name="0"; filename="f.csv"\r\n\r\n'
        )
        for chunk in [head] + [b"x" * CHUNK] * CHUNKS + [b"\r\n--b--\r\n"]:
            sent += 1
            yield chunk

    headers = {"content-type": "multipart/form-data; boundary=b", "accept-language": "en"}
    if authorization is not None:
        headers["authorization"] = authorization
    # when
    response = await client.http.post("/graphql", content=body(), headers=headers)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [{"message": "You need to sign in.", "extensions": {"code": "UNAUTHENTICATED"}}],
    }
    assert sent <= 1  # at most what the transport had in hand before the app answered
