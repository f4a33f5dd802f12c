"""Recipient normalisation: phone numbers to E.164, e-mail addresses to İYS's lowercase form.

Bulk imports call these about once per row, so the common shapes take a fast path of plain
string operations and one precompiled regex; only unusual input reaches `phonenumbers`.
"""

from __future__ import annotations

import re

import phonenumbers

from server.core.parsing import ascii_digits
from tenants.consents.codes import ConsentType, RuleCode, RuleViolation

MAX_E164_LENGTH = 15
"""İYS's limit for a phone recipient, counting the leading '+' (H160)."""

MIN_EMAIL_LENGTH = 6
MAX_EMAIL_LENGTH = 265

# Spaces (incl. no-break and zero-width), hyphens and dashes, dots, brackets and slashes that
# people put between digit groups. The common ones are removed by the chained replace() in
# _strip_separators, which is several times faster than translate() on short strings.
_SEPARATORS = str.maketrans(
    "",
    "",
    " \t\n\r\u00a0\u2007\u202f\u200b\ufeff-\u2010\u2011\u2012\u2013\u2014\u2212.()/",
)


def _turkish_metadata() -> phonenumbers.PhoneMetadata:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("TR")
    if metadata is None or metadata.general_desc is None:
        raise RuntimeError("phonenumbers has no metadata for TR")
    return metadata


def _national_number_pattern(metadata: phonenumbers.PhoneMetadata) -> re.Pattern[str]:
    """A regex that accepts exactly the 10-digit Turkish numbers libphonenumber calls valid.

    Built from phonenumbers' own TR metadata, the way `is_valid_number` uses it (the general
    pattern, then any number type whose lengths include 10), so the fast path and the library
    agree, and a library update updates both.
    """
    descs = (
        metadata.fixed_line,
        metadata.mobile,
        metadata.toll_free,
        metadata.premium_rate,
        metadata.shared_cost,
        metadata.personal_number,
        metadata.voip,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
    )
    patterns = [
        desc.national_number_pattern
        for desc in descs
        if desc is not None
        and desc.national_number_pattern
        and (not desc.possible_length or 10 in desc.possible_length)
    ]
    general = metadata.general_desc.national_number_pattern if metadata.general_desc else None
    return re.compile(rf"(?=(?:{general})$)(?:{'|'.join(patterns)})", re.ASCII)


_TR_METADATA = _turkish_metadata()
_TR_NATIONAL_NUMBER = _national_number_pattern(_TR_METADATA)
_TR_NATIONAL_LENGTHS: frozenset[int] = frozenset(
    _TR_METADATA.general_desc.possible_length if _TR_METADATA.general_desc else ()
)

_EMAIL = re.compile(
    r"[a-z0-9._+\-]+"  # local part: İYS allows '+' and runs of . - _ (even leading)
    r"@(?=[^@]{2,}\.[a-z0-9-]+$)"  # at least "yy" before the last dot: {1}@{2}.{2}
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"  # domain labels
    r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})",  # TLD: two or more letters, or an IDN in punycode
    re.ASCII,
)


def _strip_separators(raw: str) -> str | None:
    """`raw` as '+'? digits without separators, or None when anything else is in it."""
    cleaned = raw.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    cleaned = cleaned.replace(".", "")
    if not _is_plus_digits(cleaned):
        cleaned = cleaned.translate(_SEPARATORS)
        if not _is_plus_digits(cleaned):
            return None
    return cleaned


def _is_plus_digits(text: str) -> bool:
    digits = text[1:] if text[:1] == "+" else text
    return ascii_digits(digits)  # str.isdigit() alone also accepts '²' and Arabic-Indic digits


def _e164_candidate(cleaned: str) -> str:
    """The E.164 spelling that `cleaned` stands for, valid or not.

    '+…' as is, '00…' (international prefix) and '90…' longer than a national number as a
    country code, and anything else as a Turkish number with or without its trunk '0'.
    """
    if cleaned[0] == "+":
        return cleaned
    if cleaned.startswith("00"):
        return "+" + cleaned[2:]
    if cleaned[0] == "0":
        return "+90" + cleaned[1:]
    if cleaned.startswith("90") and len(cleaned) > 10:
        return "+" + cleaned
    return "+90" + cleaned


def normalize_phone(raw: str) -> str | None:
    """`raw` as an E.164 phone number (`+905XXXXXXXXX` for a Turkish mobile), or None.

    Accepts the usual spellings (`0555 123 45 67`, `+90 (555) 123-4567`, `905551234567`, …) and
    foreign numbers with a country code. Refuses anything with letters (so Excel's `5.55E+09`
    is never guessed at), `+9005…` (İYS stores it but nobody can reach it), numbers longer than
    15 characters in E.164, and numbers libphonenumber does not consider valid.
    """
    cleaned = _strip_separators(raw)
    if not cleaned:
        return None
    e164 = _e164_candidate(cleaned)
    if len(e164) > MAX_E164_LENGTH:
        return None
    if e164.startswith("+90"):
        national = e164[3:]
        if len(national) == 10:
            return e164 if _TR_NATIONAL_NUMBER.fullmatch(national) else None
        if national[:1] == "0" or len(national) not in _TR_NATIONAL_LENGTHS:
            return None
    return _valid_by_libphonenumber(e164)


def _valid_by_libphonenumber(e164: str) -> str | None:
    try:
        number = phonenumbers.parse(e164, "TR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted if len(formatted) <= MAX_E164_LENGTH else None


def is_overlong_phone(raw: str) -> bool:
    """True when `raw` is digits that would make an E.164 number longer than 15 characters."""
    cleaned = _strip_separators(raw)
    if not cleaned:
        return False
    return len(_e164_candidate(cleaned)) > MAX_E164_LENGTH


def normalize_email(raw: str) -> str | None:
    """`raw` as İYS stores an e-mail address (trimmed, lowercase), or None if İYS refuses it.

    İYS's rules (iys-domain.md §3.2): ASCII only (so no Turkish letters), no spaces or special
    characters other than `. _ - +` in the local part, at least `x@yy.zz`, 6 to 265 characters.
    Runs of dots, dashes and underscores are allowed in the local part, even at its start.
    """
    text = raw.strip()
    # isascii() before lower(): 'K' (Kelvin sign) lowercases to an ASCII 'k'.
    if not (MIN_EMAIL_LENGTH <= len(text) <= MAX_EMAIL_LENGTH and text.isascii()):
        return None
    text = text.lower()
    return text if _EMAIL.fullmatch(text) else None


def normalize_recipient(raw: str, type: ConsentType) -> str:
    """`raw` normalised for a consent of `type`, or RuleViolation on field `recipient`.

    ARAMA and MESAJ need a phone number (H121, H160 when too long), EPOSTA an e-mail address
    (H120). A recipient that is clearly of the other kind is H464.
    """
    if type is ConsentType.EPOSTA:
        return _email_recipient(raw)
    return _phone_recipient(raw)


def _phone_recipient(raw: str) -> str:
    phone = normalize_phone(raw)
    if phone is not None:
        return phone
    if "@" in raw and normalize_email(raw) is not None:
        raise RuleViolation(RuleCode.H464, "recipient")
    if is_overlong_phone(raw):
        raise RuleViolation(RuleCode.H160, "recipient")
    raise RuleViolation(RuleCode.H121, "recipient")


def _email_recipient(raw: str) -> str:
    email = normalize_email(raw)
    if email is not None:
        return email
    if "@" not in raw and normalize_phone(raw) is not None:
        raise RuleViolation(RuleCode.H464, "recipient")
    raise RuleViolation(RuleCode.H120, "recipient")


def recipient_kind(raw: str) -> tuple[str, str] | None:
    """For the send check: ("email", address) or ("phone", e164), or None when unreadable."""
    if "@" in raw:
        email = normalize_email(raw)
        return ("email", email) if email is not None else None
    phone = normalize_phone(raw)
    return ("phone", phone) if phone is not None else None
