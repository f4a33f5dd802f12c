"""signUp: a new tenant and its OWNER, signed in; every input rule and the taken-slug race."""

from __future__ import annotations

import asyncio

import pytest

from tenants.core.models import Tenant
from tests.api.accounts.documents import ME, SIGN_UP, me, sign_up_input, sign_up_payload
from tests.graphql import GraphQLClient, sign_up


async def test_sign_up_creates_tenant_and_owner_and_signs_in(client: GraphQLClient) -> None:
    # given a new agency
    # when it signs up
    payload = await sign_up_payload(client, slug="acme", fullName="  Ayşe   Yılmaz ")
    # then the owner is signed in with a 15-minute access token and a refresh token
    assert payload["__typename"] == "AuthPayload"
    assert payload["expiresIn"] == 900
    assert len(payload["refreshToken"]) == 43
    user = payload["user"]
    assert user["email"] == "owner@example.com"
    assert user["fullName"] == "Ayşe Yılmaz"
    assert user["role"] == "OWNER"
    assert user["active"] is True
    assert user["tenant"]["slug"] == "acme"
    assert user["tenant"]["name"] == "Acme Pazarlama"
    # and the access token works at once
    assert await me(client, payload["accessToken"]) == user


async def test_shared_sign_up_helper_document_is_satisfied(client: GraphQLClient) -> None:
    # given the SIGN_UP document other test suites use
    # when a tenant signs up through it
    owner = await sign_up(client, "helper-co")
    # then the returned client acts as the owner
    data = await owner.data(ME)
    assert data["me"]["tenant"]["slug"] == "helper-co"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Çiçek Ajans", "cicek-ajans"),
        ("IĞDIR Şube Ödül Üretim", "igdir-sube-odul-uretim"),
        ("  Café & Co. -- İstanbul  ", "cafe-co-istanbul"),
    ],
)
async def test_slug_is_derived_from_the_name_when_absent(
    client: GraphQLClient, name: str, slug: str
) -> None:
    # given a tenant name with Turkish letters and symbols, and no slug
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=None, tenantName=name)
    # then the slug is the transliterated name
    assert payload["user"]["tenant"]["slug"] == slug


async def test_given_slug_is_lower_cased(client: GraphQLClient) -> None:
    # given a slug typed with capitals
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=" Acme-Ajans ")
    # then it is stored in lower case
    assert payload["user"]["tenant"]["slug"] == "acme-ajans"


async def test_taken_slug_is_refused(client: GraphQLClient) -> None:
    # given a tenant with slug "acme"
    await sign_up_payload(client, slug="acme")
    # when another tenant asks for the same slug
    payload = await sign_up_payload(client, slug="acme", email="other@example.com")
    # then it gets SLUG_TAKEN on the slug field
    assert payload["__typename"] == "AuthError"
    assert (payload["code"], payload["field"]) == ("SLUG_TAKEN", "tenantSlug")


async def test_two_simultaneous_sign_ups_for_one_slug_create_one_tenant(
    client: GraphQLClient,
) -> None:
    # given two sign-ups racing for the same slug
    first, second = (
        client.data(SIGN_UP, {"input": sign_up_input("race", email=f"{who}@example.com")})
        for who in ("ayse", "mehmet")
    )
    # when both run at once
    results = await asyncio.gather(first, second)
    # then exactly one succeeds and the other is told the slug is taken
    outcomes = sorted(r["signUp"].get("code") or r["signUp"]["__typename"] for r in results)
    assert outcomes == ["AuthPayload", "SLUG_TAKEN"]
    assert await Tenant.filter(slug="race").count() == 1


@pytest.mark.parametrize(
    "slug", ["ab", "-acme", "acme-", "acme_co", "acme co", "çiçek", "a" * 64], ids=repr
)
async def test_malformed_slug_is_refused(client: GraphQLClient, slug: str) -> None:
    # given a slug outside [a-z0-9-]{3,63} or with a hyphen at either end
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=slug)
    # then it gets INVALID_SLUG
    assert (payload["code"], payload["field"]) == ("INVALID_SLUG", "tenantSlug")


async def test_name_that_makes_no_slug_asks_for_one(client: GraphQLClient) -> None:
    # given no slug and a name with fewer than three usable characters
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=None, tenantName="Ö!")
    # then it is asked for a valid slug
    assert (payload["code"], payload["field"]) == ("INVALID_SLUG", "tenantSlug")


@pytest.mark.parametrize("name", ["!!!", "日本", "— · —"])
async def test_a_name_without_letters_or_digits_is_refused_on_the_name(
    client: GraphQLClient, name: str
) -> None:
    # given no slug and a name nothing can be derived from
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=None, tenantName=name)
    # then the error is about the name the user typed, not the slug left empty
    assert (payload["code"], payload["field"]) == ("TENANT_NAME_NO_SLUG", "tenantName")
    assert "harf" in payload["message"]


async def test_a_bad_slug_given_with_such_a_name_is_still_invalid_slug(
    client: GraphQLClient,
) -> None:
    payload = await sign_up_payload(client, slug="a_b", tenantName="!!!")
    assert (payload["code"], payload["field"]) == ("INVALID_SLUG", "tenantSlug")


@pytest.mark.parametrize("slug", ["admin", "api", "graphql", "www"])
async def test_reserved_slug_is_refused(client: GraphQLClient, slug: str) -> None:
    # given a reserved word as slug
    # when the tenant signs up
    payload = await sign_up_payload(client, slug=slug)
    # then it gets RESERVED_SLUG
    assert (payload["code"], payload["field"]) == ("RESERVED_SLUG", "tenantSlug")


async def test_email_is_lower_cased(client: GraphQLClient) -> None:
    # given an e-mail typed with capitals
    # when the tenant signs up
    payload = await sign_up_payload(client, email="  Ayse.Yilmaz@Example.COM ")
    # then the user's e-mail is stored in lower case
    assert payload["user"]["email"] == "ayse.yilmaz@example.com"


@pytest.mark.parametrize(
    "email",
    ["", "owner", "owner@", "@example.com", "a b@example.com", "x" * 250 + "@example.com"],
    ids=len,
)
async def test_invalid_email_is_refused(client: GraphQLClient, email: str) -> None:
    # given something that is not an e-mail address (or is longer than 254 characters)
    # when the tenant signs up
    payload = await sign_up_payload(client, email=email)
    # then it gets INVALID_EMAIL
    assert (payload["code"], payload["field"]) == ("INVALID_EMAIL", "email")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"fullName": "   "}, "REQUIRED", "fullName"),
        ({"fullName": "x" * 201}, "TOO_LONG", "fullName"),
        ({"tenantName": ""}, "REQUIRED", "tenantName"),
        ({"tenantName": "x" * 201}, "TOO_LONG", "tenantName"),
    ],
    ids=["blank-name", "long-name", "blank-tenant", "long-tenant"],
)
async def test_names_are_required_and_bounded(
    client: GraphQLClient, changes: dict[str, str], code: str, field: str
) -> None:
    # given a blank or over-long name
    # when the tenant signs up
    payload = await sign_up_payload(client, **changes)
    # then the field is named with its code
    assert (payload["code"], payload["field"]) == (code, field)


@pytest.mark.parametrize("field", ["tenantName", "fullName"])
@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2067", "\x07"], ids=repr)
async def test_names_with_control_or_bidi_characters_are_refused(
    client: GraphQLClient, field: str, character: str
) -> None:
    # given a name that would read differently than it is stored
    # when the tenant signs up
    payload = await sign_up_payload(client, slug="acme", **{field: f"Acme{character} Ltd"})
    # then the field is named, with a Turkish message
    assert (payload["code"], payload["field"]) == ("INVALID_CHARACTERS", field)
    assert "karakter" in payload["message"]


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("Ab1-short", "at least 10 characters"),
        ("onlylowercaseletters", "at least two of"),
        ("xx-Owner-2026-xx", "before the @"),
        ("Acme-Pazarlama-9", "tenant's slug"),
        ("Galatasaray1905!", "commonly used"),
        ("1234567890", "commonly used"),
    ],
    ids=["short", "one-class", "email", "slug", "common-stem", "common"],
)
async def test_weak_password_is_refused_saying_what_is_missing(
    client: GraphQLClient, password: str, missing: str
) -> None:
    # given a password that breaks one strength rule
    # when the tenant signs up, in English
    body = await client.data(
        SIGN_UP, {"input": sign_up_input(password=password)}, **{"accept-language": "en"}
    )
    # then it gets WEAK_PASSWORD and the message names the rule
    payload = body["signUp"]
    assert (payload["code"], payload["field"]) == ("WEAK_PASSWORD", "password")
    assert missing in payload["message"]


async def test_weak_password_message_is_turkish_by_default(client: GraphQLClient) -> None:
    # given a short, single-class password
    # when the tenant signs up without a language preference
    payload = await sign_up_payload(client, password="kisa")
    # then the Turkish message lists both problems
    assert payload["code"] == "WEAK_PASSWORD"
    assert "en az 10 karakter" in payload["message"]
    assert "en az ikisini" in payload["message"]


async def test_over_long_password_is_refused_before_hashing(client: GraphQLClient) -> None:
    # given a password over 1 KB
    # when the tenant signs up
    payload = await sign_up_payload(client, password="Aa1-" * 300)
    # then it gets PASSWORD_TOO_LONG and no tenant is created
    assert (payload["code"], payload["field"]) == ("PASSWORD_TOO_LONG", "password")
    assert not await Tenant.filter(slug="acme").exists()
