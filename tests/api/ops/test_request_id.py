"""X-Request-ID: a safe one offered by the client is kept, anything else replaced."""

from __future__ import annotations

import re

import pytest

from tests.graphql import GraphQLClient

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    "offered",
    ["abc-123", "7f9c2ba4e88f827d616045507605853e", "Root=1-67891233-abcdef012345678912345678"],
)
async def test_a_safe_request_id_is_echoed(client: GraphQLClient, offered: str) -> None:
    # when
    response = await client.http.get("/healthz", headers={"x-request-id": offered})
    # then
    assert response.headers["x-request-id"] == offered


@pytest.mark.parametrize(
    "hostile",
    [
        b"x" * 10_000,  # huge
        b"x" * 65,  # just too long
        b"",
        b'abc" injected="1',
        b"abc def",
        "iğne".encode(),  # not ASCII
        b"abc\x7f",
    ],
)
async def test_a_hostile_request_id_is_replaced(client: GraphQLClient, hostile: bytes) -> None:
    # when
    response = await client.http.post(
        "/graphql", json={"query": "{ me { id } }"}, headers={"x-request-id": hostile}
    )
    # then
    assert response.status_code == 200
    assert GENERATED.fullmatch(response.headers["x-request-id"])


async def test_every_request_gets_its_own_id(client: GraphQLClient) -> None:
    # when
    first = await client.http.get("/healthz")
    second = await client.http.post("/graphql", json={"query": "{ nothing"})
    # then
    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2
    assert all(GENERATED.fullmatch(i) for i in ids)


async def test_an_error_answer_carries_the_id_too(client: GraphQLClient) -> None:
    # when (the body limit answers before the application)
    response = await client.http.post(
        "/graphql",
        content=b"x" * (5 * 1024 * 1024),
        headers={"content-type": "application/json", "x-request-id": "big-1"},
    )
    # then
    assert response.status_code == 413
    assert response.headers["x-request-id"] == "big-1"
