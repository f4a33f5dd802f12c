"""Provider titles and brand names: control and format characters are refused."""

from __future__ import annotations

import pytest

from tests.graphql import CREATE_BRAND, CREATE_PROVIDER, GraphQLClient, make_brand, sign_up


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2066", "\x07"], ids=repr)
async def test_a_brand_name_with_a_control_or_bidi_character_is_refused(
    client: GraphQLClient, character: str
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    await make_brand(owner)
    provider = (await owner.data("{ providers { edges { node { id } } } }"))["providers"]
    provider_id = provider["edges"][0]["node"]["id"]
    # when
    brand = await owner.data(
        CREATE_BRAND,
        {"input": {"providerId": provider_id, "name": f"Banka{character}", "brandCode": 2}},
    )
    title = await owner.data(
        CREATE_PROVIDER,
        {"input": {"title": f"Örnek{character} A.Ş.", "iysCode": 700002, "tin": "4540536920"}},
    )
    # then
    for result, field in ((brand["createBrand"], "name"), (title["createProvider"], "title")):
        assert (result["__typename"], result["code"], result["field"]) == (
            "ValidationError",
            "INVALID_CHARACTERS",
            field,
        )
