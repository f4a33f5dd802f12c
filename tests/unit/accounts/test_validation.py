"""Sign-up rules without a database: slugs, e-mail addresses, names and password strength."""

from __future__ import annotations

import pytest

from server.core.errors import ValidationFailed
from tenants.accounts.errors import WeakPassword
from tenants.accounts.validation import (
    check_password,
    clean_email,
    clean_name,
    clean_slug,
    slug_from_name,
    weak_password_reasons,
)

STRONG = "Correct-Horse-Battery-9"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Çiçek Ajans", "cicek-ajans"),
        ("ĞÜŞİÖÇ ığüşiöç", "gusioc-igusioc"),
        ("IŞIK Reklam", "isik-reklam"),
        ("Crème Brûlée & Co.", "creme-brulee-co"),
        ("--Acme--", "acme"),
        ("日本", ""),
        ("x" * 70, "x" * 63),
        ("a" * 62 + " b", "a" * 62),
    ],
)
def test_slug_from_name_transliterates_and_hyphenates(name: str, slug: str) -> None:
    # given a tenant name
    # when a slug is derived from it
    # then Turkish letters become ASCII, symbol runs one hyphen, and no hyphen ends it
    assert slug_from_name(name) == slug


def test_clean_slug_prefers_the_given_slug() -> None:
    # given both a slug and a name
    # when the slug is cleaned
    # then the given one wins, lower-cased
    assert clean_slug(" My-Agency ", "Çiçek Ajans") == "my-agency"
    assert clean_slug(None, "Çiçek Ajans") == "cicek-ajans"
    assert clean_slug("   ", "Çiçek Ajans") == "cicek-ajans"


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("ab", "INVALID_SLUG"),
        ("a" * 64, "INVALID_SLUG"),
        ("-ab", "INVALID_SLUG"),
        ("ab-", "INVALID_SLUG"),
        ("a_b", "INVALID_SLUG"),
        ("İzmir", "INVALID_SLUG"),
        ("admin", "RESERVED_SLUG"),
        ("well-known", "RESERVED_SLUG"),
    ],
)
def test_clean_slug_refuses_bad_shapes_and_reserved_words(slug: str, code: str) -> None:
    # given a malformed or reserved slug
    # when it is cleaned
    # then the code names the problem and the field
    with pytest.raises(ValidationFailed) as caught:
        clean_slug(slug, "Acme")
    assert (caught.value.code, caught.value.field) == (code, "tenantSlug")


def test_clean_slug_bounds_are_inclusive() -> None:
    # given slugs of exactly 3 and 63 characters
    # when they are cleaned
    # then both are accepted
    assert clean_slug("abc", "x") == "abc"
    assert clean_slug("a" * 63, "x") == "a" * 63


def test_clean_email_lower_cases_and_strips() -> None:
    # given an address with capitals and spaces
    # when it is cleaned
    # then it is lower-case and trimmed
    assert clean_email("  Ayse.Yilmaz@Example.COM ") == "ayse.yilmaz@example.com"


@pytest.mark.parametrize("email", ["", "a", "a@", "@b.com", "a@b", "a@@b.com", "x" * 255])
def test_clean_email_refuses_non_addresses(email: str) -> None:
    # given something that is not an address
    # when it is cleaned
    # then INVALID_EMAIL is raised
    with pytest.raises(ValidationFailed) as caught:
        clean_email(email)
    assert caught.value.code == "INVALID_EMAIL"


def test_clean_name_collapses_whitespace_and_bounds_length() -> None:
    # given names with extra spaces, blank, and over 200 characters
    # when they are cleaned
    # then the first is tidied and the others are refused
    assert clean_name("  Ayşe \t Yılmaz ", "fullName") == "Ayşe Yılmaz"
    with pytest.raises(ValidationFailed, match="REQUIRED"):
        clean_name(" \n ", "fullName")
    with pytest.raises(ValidationFailed, match="TOO_LONG"):
        clean_name("x" * 201, "fullName")


def test_strong_password_passes() -> None:
    # given a long, mixed password unrelated to the account
    # when it is checked
    # then nothing is wrong with it
    assert weak_password_reasons(STRONG, "owner@example.com", "acme") == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab1-short", "PASSWORD_TOO_SHORT"),
        ("alllowercaseletters", "PASSWORD_ONE_CLASS"),
        ("ÇĞÜŞİÖÇĞÜŞ", "PASSWORD_ONE_CLASS"),
        ("9876543210", "PASSWORD_ONE_CLASS"),
        ("My-AYSE.yilmaz-9", "PASSWORD_HAS_EMAIL"),
        ("x-ACME-corp-2026", "PASSWORD_HAS_SLUG"),
        ("Password12", "PASSWORD_COMMON"),
        ("QWERTYUIOP!", "PASSWORD_COMMON"),
        ("Fenerbahçe1907!", "PASSWORD_COMMON"),
    ],
)
def test_each_strength_rule(password: str, reason: str) -> None:
    # given a password that breaks one rule
    # when it is checked
    reasons = weak_password_reasons(password, "ayse.yilmaz@example.com", "acme")
    # then that rule is named
    assert reason in reasons


def test_short_local_part_is_not_held_against_the_password() -> None:
    # given an e-mail whose name part is a single letter
    # when a password containing that letter is checked
    # then that is not a weakness
    assert weak_password_reasons("a-Long-Password-9", "a@example.com", "acme") == []


def test_weak_password_message_lists_every_problem_in_the_callers_language() -> None:
    # given a password that is short and of one character class
    with pytest.raises(WeakPassword) as caught:
        check_password("kisa", "owner@example.com", "acme")
    # when its message is rendered in English and in Turkish
    english, turkish = caught.value.message("en"), caught.value.message("tr")
    # then both name both problems
    assert english == (
        "The password is not strong enough: it needs at least 10 characters; it needs at least "
        "two of lower-case letters, upper-case letters, digits and symbols."
    )
    assert turkish.startswith("Şifre yeterince güçlü değil: en az 10 karakter olmalı; ")
    assert caught.value.field == "password"


def test_password_over_1_kb_is_refused_before_any_other_rule() -> None:
    # given a password of 1,025 bytes (500 two-byte letters and 25 ASCII ones)
    password = "ş" * 500 + "A" * 25
    # when it is checked
    # then it is refused for its length
    with pytest.raises(ValidationFailed) as caught:
        check_password(password, "owner@example.com", "acme")
    assert caught.value.code == "PASSWORD_TOO_LONG"


def test_a_name_without_letters_or_digits_is_refused_on_the_name() -> None:
    # when a slug is derived from a name with nothing to derive it from
    with pytest.raises(ValidationFailed) as caught:
        clean_slug(None, "!!!")
    # then the name is at fault; a slug given is judged as before
    assert (caught.value.code, caught.value.field) == ("TENANT_NAME_NO_SLUG", "tenantName")
    assert clean_slug("acme", "!!!") == "acme"
