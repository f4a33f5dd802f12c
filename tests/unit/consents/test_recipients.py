"""Recipient normalisation: phone spellings to E.164, e-mail addresses to İYS's form."""

from __future__ import annotations

import phonenumbers
import pytest

from tenants.consents.codes import ConsentType, RuleCode, RuleViolation
from tenants.consents.recipients import (
    normalize_email,
    normalize_phone,
    normalize_recipient,
    recipient_kind,
)

MOBILE = "+905551234567"


@pytest.mark.parametrize(
    "raw",
    [
        "+905551234567",
        "05551234567",
        "5551234567",
        "905551234567",
        "00905551234567",
        "+90 555 123 45 67",
        "0 (555) 123-4567",
        "+90 (555) 123-4567",
        "555 123 45 67",
        "0555.123.45.67",
        "0555-123-45-67",
        "0555/123 45 67",
        "\t0555\t123 45 67 ",
        "0555\u00a0123\u00a045\u00a067",
        "+90\u202f555\u2011123\u201345\u00a067",
        " +905551234567\n",
    ],
)
def test_turkish_mobile_spellings_become_e164(raw: str) -> None:
    # given a Turkish mobile number written the way people write it
    # when it is normalised
    # then every spelling gives the same E.164 number
    assert normalize_phone(raw) == MOBILE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+90 (212) 123 00 00", "+902121230000"),  # İYS's own landline example
        ("0212 123 00 00", "+902121230000"),
        ("0 850 123 45 67", "+908501234567"),
        ("+90 532 000 00 01", "+905320000001"),
        ("0544 000 00 01", "+905440000001"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+1 (202) 555-0143", "+12025550143"),
        ("+49 30 901820", "+4930901820"),
    ],
)
def test_landlines_and_foreign_numbers_are_valid(raw: str, expected: str) -> None:
    # given a Turkish landline or a foreign number with its country code
    # when it is normalised
    # then it is E.164
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "+9005551234567",  # İYS stores it but nobody can reach it
        "9005551234567",
        "0090 0555 123 45 67",
        "+90555",
        "555123456",  # one digit short
        "55512345678",  # one digit long
        "055512345678",
        "+9055512345678",
        "+90555123456789012",
        "5.55E+09",  # Excel's rendering of a long number
        "5,55E+09",
        "0555 ABC 45 67",
        "tel:05551234567",
        "05551234567 ext 12",
        "+90 520 123 45 67",  # 52x is not an allocated mobile range
        "+90 123 456 78 90",
        "٠٥٥٥١٢٣٤٥٦٧",  # Arabic-Indic digits
        "+",
        "00",
        "",
        "   ",
        "+4420794609580000",  # longer than 15 characters in E.164
        "+999 123 456 789",  # no such country code
    ],
)
def test_unreadable_phone_numbers_are_refused(raw: str) -> None:
    # given something that is not a valid phone number, or only one by guessing
    # when it is normalised
    # then nothing is returned
    assert normalize_phone(raw) is None


def _national_numbers_to_compare() -> list[str]:
    suffixes = ("0000000", "1234567", "9999999", "0110000", "6160000", "2300000")
    return [f"{prefix}{suffix}" for prefix in range(100, 1000) for suffix in suffixes]


def test_fast_path_agrees_with_libphonenumber_on_every_turkish_prefix() -> None:
    # given 10-digit Turkish national numbers under every 3-digit prefix
    numbers = _national_numbers_to_compare()
    # when the fast path and libphonenumber judge each of them
    disagreements = [
        national
        for national in numbers
        if (normalize_phone("0" + national) is not None)
        != phonenumbers.is_valid_number(phonenumbers.parse("+90" + national))
    ]
    # then they never disagree, and both accept and refuse some
    assert disagreements == []
    accepted = [n for n in numbers if normalize_phone(n) is not None]
    assert 0 < len(accepted) < len(numbers)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ali@example.com", "ali@example.com"),
        ("Ali.Veli@Example.COM", "ali.veli@example.com"),
        ("  ayse@example.com.tr \t", "ayse@example.com.tr"),
        ("ali+kampanya@gmail.com", "ali+kampanya@gmail.com"),
        ("ali..veli@example.com", "ali..veli@example.com"),
        ("..ali@example.com", "..ali@example.com"),
        ("--ali__@example.com", "--ali__@example.com"),
        ("x@yy.zz", "x@yy.zz"),
        ("a@m.x.com", "a@m.x.com"),
        ("ali@mail-server.example.org", "ali@mail-server.example.org"),
        ("ali@xn--bcher-kva.xn--p1ai", "ali@xn--bcher-kva.xn--p1ai"),
        ("1234@example.io", "1234@example.io"),
    ],
)
def test_valid_emails_are_trimmed_and_lowercased(raw: str, expected: str) -> None:
    # given an e-mail address İYS accepts
    # when it is normalised
    # then it is trimmed and lowercased, as İYS stores it
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "ali@@example",
        "ali@example",
        "aliexample.com",
        "@example.com",
        "ali@.com",
        "ali@x.com",  # shorter than {1}@{2}.{2}
        "ali@example.c",  # one-letter TLD
        "ali@example.c0m",
        "ali@example.com.",
        "ali@-example.com",
        "ali@example-.com",
        "ali@exa_mple.com",
        "ali@exa..mple.com",
        "ali veli@example.com",
        "ali@exam ple.com",
        "çağrı@example.com",
        "ali@örnek.com",
        "ALİ@example.com",
        "\u212a@example.com",  # Kelvin sign, lowercases to an ASCII 'k'
        *(f"ali{char}veli@example.com" for char in "{[(!'^%&/)=?,\"½²³°¶]}"),
        "a@b.c",
        "",
        "   ",
    ],
)
def test_emails_breaking_iys_rules_are_refused(raw: str) -> None:
    # given an address that breaks one of İYS's e-mail rules
    # when it is normalised
    # then nothing is returned
    assert normalize_email(raw) is None


def test_email_length_limit_is_265_characters() -> None:
    # given addresses of exactly 265 and 266 characters
    longest = "a" * 253 + "@example.com"
    too_long = "a" * 254 + "@example.com"
    # when they are normalised
    # then the first is accepted and the second refused
    assert len(longest) == 265
    assert normalize_email(longest) == longest
    assert normalize_email(too_long) is None


@pytest.mark.parametrize(
    ("raw", "consent_type", "expected"),
    [
        ("0555 123 45 67", ConsentType.MESAJ, MOBILE),
        ("905551234567", ConsentType.ARAMA, MOBILE),
        ("+90 (212) 123 00 00", ConsentType.ARAMA, "+902121230000"),
        ("Ali@Example.com", ConsentType.EPOSTA, "ali@example.com"),
    ],
)
def test_recipient_fitting_its_type_is_normalised(
    raw: str, consent_type: ConsentType, expected: str
) -> None:
    # given a recipient of the kind its consent type needs
    # when it is normalised for that type
    # then the normal form comes back
    assert normalize_recipient(raw, consent_type) == expected


@pytest.mark.parametrize(
    ("raw", "consent_type", "code"),
    [
        ("+90555", ConsentType.MESAJ, RuleCode.H121),
        ("5.55E+09", ConsentType.MESAJ, RuleCode.H121),
        ("+9005551234567", ConsentType.MESAJ, RuleCode.H121),
        ("ali@@example", ConsentType.MESAJ, RuleCode.H121),
        ("merhaba", ConsentType.ARAMA, RuleCode.H121),
        ("+90555123456789012", ConsentType.MESAJ, RuleCode.H160),
        ("0555 123 45 67 89 01 23", ConsentType.ARAMA, RuleCode.H160),
        ("ali@@example", ConsentType.EPOSTA, RuleCode.H120),
        ("çağrı@example.com", ConsentType.EPOSTA, RuleCode.H120),
        ("12345", ConsentType.EPOSTA, RuleCode.H120),
        ("mesaj.icin.eposta@example.com", ConsentType.MESAJ, RuleCode.H464),
        ("ali@example.com", ConsentType.ARAMA, RuleCode.H464),
        ("0555 123 45 67", ConsentType.EPOSTA, RuleCode.H464),
        ("+44 20 7946 0958", ConsentType.EPOSTA, RuleCode.H464),
    ],
)
def test_recipient_not_fitting_its_type_is_refused(
    raw: str, consent_type: ConsentType, code: RuleCode
) -> None:
    # given a recipient that is unreadable, too long, or of the other kind
    # when it is normalised for the consent type
    with pytest.raises(RuleViolation) as caught:
        normalize_recipient(raw, consent_type)
    # then İYS's code is raised on the recipient field
    assert caught.value.code == code
    assert caught.value.field == "recipient"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0 (555) 123-4567", ("phone", MOBILE)),
        ("+44 20 7946 0958", ("phone", "+442079460958")),
        (" Ali@Example.com ", ("email", "ali@example.com")),
        ("ali@@example", None),
        ("+90555", None),
        ("", None),
    ],
)
def test_recipient_kind_tells_phones_from_emails(
    raw: str, expected: tuple[str, str] | None
) -> None:
    # given a recipient to check before sending
    # when its kind is asked
    # then it is a normalised phone, a normalised e-mail, or unreadable
    assert recipient_kind(raw) == expected
