"""updateTenant: name, default message language and the three-business-day rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.accounts.documents import error_codes, login, signed_up
from tests.api.accounts.team import member
from tests.graphql import GraphQLClient, make_brand, sign_up

UPDATE = """
mutation($input: UpdateTenantInput!) {
  updateTenant(input: $input) {
    __typename
    ... on Tenant { name language strictBusinessDays }
    ... on ValidationError { code field }
  }
}"""
OLD_CONSENT = """
mutation($b: ID!) {
  recordConsent(input: {brandId: $b, recipient: "05551234567", type: MESAJ, status: ONAY,
                        source: HS_WEB, consentDate: "2026-11-20 10:00:00"}) {
    __typename ... on Error { code message }
  }
}"""


async def _update(client: GraphQLClient, **changes: Any) -> dict[str, Any]:
    return dict((await client.data(UPDATE, {"input": changes}))["updateTenant"])


async def test_the_owner_changes_the_settings(client: GraphQLClient) -> None:
    # given an owner
    owner = await sign_up(client, "ajans")
    # when it renames the tenant and picks English
    result = await _update(owner, name="  Yeni   Ajans ", language="en")
    # then the settings are stored, and me shows them
    assert result == {
        "__typename": "Tenant",
        "name": "Yeni Ajans",
        "language": "en",
        "strictBusinessDays": True,
    }
    shown = await owner.data("{ me { tenant { name language strictBusinessDays } } }")
    assert shown["me"]["tenant"]["language"] == "en"


async def test_the_default_language_applies_without_a_header(client: GraphQLClient) -> None:
    # given a tenant whose default language is English
    owner = await sign_up(client, "ajans")
    await _update(owner, language="en")
    # when a request names no language, and another asks for Turkish
    plain = await _message(owner)
    turkish = await _message(owner, "tr")
    # then the first gets English, the second Turkish
    assert plain == "The language must be tr or en."
    assert turkish == "Dil tr ya da en olmalıdır."


async def _message(client: GraphQLClient, lang: str | None = None) -> str:
    headers = {"accept-language": lang} if lang else {}
    body = await client.data(
        'mutation { updateTenant(input: {language: "de"}) { ... on Error { message } } }',
        **headers,
    )
    return str(body["updateTenant"]["message"])


async def test_the_business_day_rule_can_be_relaxed(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given a consent dated more than three business days ago
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    strict = await owner.data(OLD_CONSENT, {"b": brand})
    # when the owner turns the strict rule off and records it again
    await _update(owner, strictBusinessDays=False)
    relaxed = await owner.data(OLD_CONSENT, {"b": brand})
    # then it is refused with H467 first, and accepted afterwards
    assert strict["recordConsent"]["code"] == "H467"
    assert relaxed["recordConsent"]["__typename"] == "Consent"


RECORD = """
mutation($b: ID!, $r: String!, $d: String!) {
  recordConsent(input: {brandId: $b, recipient: $r, type: MESAJ, status: ONAY, source: HS_WEB,
                        consentDate: $d}) {
    __typename
    ... on Consent { history { late } }
    ... on Error { code }
  }
}"""


async def test_a_relaxed_tenant_flags_late_consents(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given a strict tenant and a relaxed one, each with a brand
    strict = await sign_up(client, "kati")
    relaxed = await sign_up(client, "esnek", email="esnek@example.com")
    await _update(relaxed, strictBusinessDays=False)
    brands = [await make_brand(strict), await make_brand(relaxed)]
    ten_days_ago = (frozen_clock - timedelta(days=10)).strftime("%Y-%m-%d %H:%M:%S")
    today = frozen_clock.strftime("%Y-%m-%d 00:00:00")
    # when each records a consent dated ten days ago, and the relaxed one a recent one too
    refused, late, on_time = [
        (await owner.data(RECORD, {"b": brand, "r": recipient, "d": day}))["recordConsent"]
        for owner, brand, recipient, day in (
            (strict, brands[0], "05551234567", ten_days_ago),
            (relaxed, brands[1], "05551234567", ten_days_ago),
            (relaxed, brands[1], "05551234568", today),
        )
    ]
    # then the strict tenant gets H467, the relaxed one accepts it flagged as late
    assert refused == {"__typename": "ConsentRejected", "code": "H467"}
    assert late == {"__typename": "Consent", "history": [{"late": True}]}
    assert on_time == {"__typename": "Consent", "history": [{"late": False}]}


async def test_only_owners_and_admins_change_settings(client: GraphQLClient) -> None:
    # given an editor
    owner = await sign_up(client, "ajans")
    editor, _ = await member(owner, "editor@example.com")
    # when it changes the name, and an empty name is sent by the owner
    refused = await editor.post(UPDATE, {"input": {"name": "X"}})
    empty = await _update(owner, name="   ")
    # then the first is forbidden and the second is refused on the field
    assert error_codes(refused) == {"updateTenant": "FORBIDDEN"}
    assert (empty["code"], empty["field"]) == ("REQUIRED", "name")


async def test_login_messages_stay_turkish_by_default(client: GraphQLClient) -> None:
    # given a tenant set to English; anonymous calls do not know the tenant
    payload = await signed_up(client, "acme")
    await _update(client.as_token(payload["accessToken"]), language="en")
    # when a login fails without a language header
    failed = await login(client, password="Wrong-Horse-Battery-9")
    # then it is Turkish, the product default, revealing nothing about the tenant
    assert failed["message"] == "Giriş bilgileri hatalı."


async def test_a_tenant_name_with_a_direction_override_is_refused(client: GraphQLClient) -> None:
    # given an owner
    owner = await sign_up(client, "ajans")
    # when it renames the tenant with a right-to-left override
    result = await _update(owner, name="Ajans\u202etxt.exe")
    # then
    assert result == {
        "__typename": "ValidationError",
        "code": "INVALID_CHARACTERS",
        "field": "name",
    }
