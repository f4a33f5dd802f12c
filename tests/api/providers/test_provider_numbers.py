"""A provider's MERSİS and tax number are ASCII digits; other digits are İYS's format errors."""

from __future__ import annotations

import pytest

from tests.graphql import GraphQLClient, sign_up

CREATE = """
mutation($i: CreateProviderInput!) {
  createProvider(input: $i) { __typename ... on ValidationError { code field } }
}"""


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("mersis", "²" * 16, "H228"), ("mersis", "٣" * 16, "H228"), ("tin", "٤٥٤٠٥٣٦٩٢٠", "H244")],
)
async def test_numbers_of_other_digits_are_refused(
    client: GraphQLClient, field: str, value: str, code: str
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    provider = {"title": "T", "iysCode": 710004, "tin": "4540536920", field: value}
    # when
    body = await owner.data(CREATE, {"i": provider})
    # then
    assert body["createProvider"] == {"__typename": "ValidationError", "code": code, "field": field}
    assert (await owner.data("{ providers { totalCount } }"))["providers"]["totalCount"] == 0
