"""The HTTP surface: GraphiQL on GET, masking, limits and malformed requests."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest

from tenants.providers import services as provider_services
from tests.graphql import GraphQLClient, sign_up


async def test_get_serves_graphiql_and_executes_nothing(client: GraphQLClient) -> None:
    # when
    page = await client.http.get("/graphql", headers={"accept": "text/html"})
    query = await client.http.get(
        "/graphql", params={"query": "{ me { id } }"}, headers={"accept": "application/json"}
    )
    # then
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert query.status_code in (400, 405)
    assert "data" not in query.text or '"me"' not in query.text


async def test_unexpected_errors_are_masked(
    client: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # given a service that fails in a way nobody planned
    owner = await sign_up(client, "ajans")

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("SELECT secret FROM somewhere /home/app/server.py line 42")

    monkeypatch.setattr(provider_services, "list_providers", broken)
    # when
    body = await owner.post("{ providers { totalCount } me { email } }")
    # then
    assert body["errors"][0]["message"] == "Internal server error"
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL"}
    assert "SELECT" not in str(body)
    assert "RuntimeError" in caplog.text  # logged for us, not shown to them


@pytest.mark.parametrize(
    "payload",
    [b"{not json", b'{"query": 5}', b"[]", b'{"query": "{ me { id } ", "variables": 7}'],
)
async def test_malformed_requests_get_a_clear_error(client: GraphQLClient, payload: bytes) -> None:
    # when
    response = await client.http.post(
        "/graphql", content=payload, headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 400
    assert "Traceback" not in response.text


async def test_huge_body_is_refused_before_it_is_read(client: GraphQLClient) -> None:
    # when
    response = await client.http.post(
        "/graphql",
        content=b'{"query": "' + b"a" * (5 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    # then
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_deep_and_aliased_documents_are_refused(client: GraphQLClient) -> None:
    # given
    deep = "{ me { tenant { id } } }".replace("id", "id " * 1)
    nested = '{ node(id: "x") { ... on Brand { provider { brands { edges { node { provider {'
    nested += " brands { edges { node { provider { brands { edges { node { id } } } } } } } } } } } } } } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(50)) + " }"
    # when
    too_deep = await client.post(nested)
    too_many = await client.post(aliases)
    fine = await client.post(deep)
    # then
    assert "depth" in too_deep["errors"][0]["message"].lower()
    assert "alias" in too_many["errors"][0]["message"].lower()
    assert fine["data"] == {"me": None}


async def test_a_document_seen_before_is_not_validated_again(client: GraphQLClient) -> None:
    # given a document no other test sends, answered once (the depth and alias limits take part
    # in validation, so they must not make each request's rules new)
    document = "query ValidatedOnce { me { id } }"
    await client.post(document)
    # when
    with patch("strawberry.schema.schema.validate") as validate:
        again = await client.post(document)
    # then
    validate.assert_not_called()
    assert again["data"] == {"me": None}


async def test_jwks_lists_the_signing_key(client: GraphQLClient) -> None:
    # when
    keys = (await client.http.get("/.well-known/jwks.json")).json()["keys"]
    # then
    assert keys
    assert keys[0]["kty"] == "OKP"
    assert keys[0]["crv"] == "Ed25519"
    assert keys[0]["kid"]


async def test_anonymous_protected_field_is_unauthenticated(client: GraphQLClient) -> None:
    # when
    body = await client.post("{ providers { totalCount } }")
    # then
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_body_that_is_not_utf8_is_a_typed_400(client: GraphQLClient) -> None:
    # when
    response = await client.http.post(
        "/graphql",
        content=b'{"query":"query{ __typename \xff\xfe }"}',
        headers={"content-type": "application/json"},
    )
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("body", [b"null", b"1", b'"query"', b"true", b"[]", b"[1]"])
async def test_a_json_body_that_is_not_an_object_is_a_typed_400(
    client: GraphQLClient, body: bytes
) -> None:
    # when
    response = await client.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("depth", [65, 500, 2000])
async def test_a_deeply_nested_json_body_is_a_typed_400(client: GraphQLClient, depth: int) -> None:
    # given 2000 levels break json.loads (RecursionError), 500 the walks over the variables
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * depth + "]" * depth + "}}"
    # when
    response = await client.http.post(
        "/graphql", content=body.encode(), headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert "Recursion" not in response.text


async def test_json_nested_as_deep_as_allowed_is_read(client: GraphQLClient) -> None:
    # given the body, variables, a and 61 more levels: 64
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * 61 + "]" * 61 + "}}"
    # when
    response = await client.http.post(
        "/graphql", content=body.encode(), headers={"content-type": "application/json"}
    )
    # then
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("document", ["{", "{ a: __typename " * 3000 + "}"])
async def test_a_document_that_does_not_parse_has_a_code(
    client: GraphQLClient, document: str
) -> None:
    # when (the second is over the token limit)
    body = await client.post(document)
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_nul_characters_are_refused_before_execution(client: GraphQLClient) -> None:
    # given
    owner = await sign_up(client, "ajans")
    create = "mutation($i: CreateProviderInput!) { createProvider(input: $i) { __typename } }"
    # when
    in_variable = await owner.post(
        create, {"i": {"title": "a\x00b", "iysCode": 1, "tin": "4540536920"}}
    )
    in_literal = await owner.post('{ consents(brandId: "a\\u0000b") { totalCount } }')
    listed = await owner.data("{ providers { totalCount } }")
    # then
    assert in_variable["errors"][0]["extensions"]["code"] == "INVALID_CHARACTER"
    assert in_literal["errors"][0]["extensions"]["code"] == "INVALID_CHARACTER"
    assert listed["providers"]["totalCount"] == 0


async def test_document_errors_carry_a_code(client: GraphQLClient) -> None:
    # when
    unknown = await client.post("{ nope }")
    aliases = await client.post("{ " + " ".join(f"a{i}: me {{ id }}" for i in range(50)) + " }")
    # then
    assert unknown["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert aliases["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
