"""Sign-up input rules: tenant slug, e-mail address, names and password strength."""

from __future__ import annotations

import re
import string
import unicodedata

from email_validator import EmailNotValidError, validate_email

from server.core.errors import ValidationFailed
from tenants.accounts.common_passwords import COMMON_PASSWORDS
from tenants.accounts.errors import WeakPassword
from tenants.core.text import clean_text

MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 200
MAX_PASSWORD_BYTES = 1024
MIN_PASSWORD_LENGTH = 10
# A local part this short ("a@x.com") would make almost every password "contain" it.
MIN_LOCAL_PART_TO_CHECK = 3

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
_RESERVED = """
    admin administrator api app assets auth billing blog cdn dashboard dev docs graphql help
    healthz iys izinhub login logout mail me new null owner root settings signin signup static
    status support system test undefined well-known www
"""
RESERVED_SLUGS = frozenset(_RESERVED.split())
# Turkish letters whose NFKD form is not "ASCII letter + accent" (ı has no decomposition).
_TURKISH_TO_ASCII = str.maketrans("çÇğĞıIİöÖşŞüÜ", "ccggiiioossuu")
_STEM_SUFFIX = string.digits + string.punctuation + " "


def slug_from_name(name: str) -> str:
    """A URL-safe slug: Turkish letters transliterated, every other run of symbols one hyphen."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_TURKISH_TO_ASCII))
    without_accents = "".join(ch for ch in ascii_name if not unicodedata.combining(ch))
    hyphenated = re.sub(r"[^a-z0-9]+", "-", without_accents.lower())
    return hyphenated.strip("-")[:63].strip("-")


def clean_slug(slug: str | None, tenant_name: str) -> str:
    """The slug as given (lower-cased), or derived from the tenant name when absent. A name
    with no letter or digit to derive from is refused on the name (TENANT_NAME_NO_SLUG): the
    slug field was left empty, so INVALID_SLUG there would be about nothing the user typed."""
    given = bool(slug and slug.strip())
    candidate = slug.strip().lower() if slug and given else slug_from_name(tenant_name)
    if not given and not candidate:
        raise ValidationFailed("TENANT_NAME_NO_SLUG", field="tenantName")
    if not SLUG_PATTERN.fullmatch(candidate):
        raise ValidationFailed("INVALID_SLUG", field="tenantSlug")
    if candidate in RESERVED_SLUGS:
        raise ValidationFailed("RESERVED_SLUG", field="tenantSlug")
    return candidate


def clean_email(email: str) -> str:
    """A syntactically valid address, lower-cased; no DNS look-up."""
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationFailed("INVALID_EMAIL", field="email")
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValidationFailed("INVALID_EMAIL", field="email") from None
    return checked.normalized.lower()


def clean_name(value: str, field: str) -> str:
    """Whitespace collapsed; required and at most 200 characters."""
    return clean_text(value, field, MAX_NAME_LENGTH)


def password_too_long(password: str) -> bool:
    """Longer inputs are refused before hashing, so nobody can make us hash megabytes."""
    return len(password) > MAX_PASSWORD_BYTES or len(password.encode()) > MAX_PASSWORD_BYTES


def check_password(password: str, email: str, slug: str) -> None:
    """Raise WeakPassword naming every rule the password breaks."""
    if password_too_long(password):
        raise ValidationFailed("PASSWORD_TOO_LONG", field="password", max=MAX_PASSWORD_BYTES)
    reasons = weak_password_reasons(password, email, slug)
    if reasons:
        raise WeakPassword(reasons, min=MIN_PASSWORD_LENGTH)


def weak_password_reasons(password: str, email: str, slug: str) -> list[str]:
    folded = password.casefold()
    local_part = email.partition("@")[0].casefold()
    checks = [
        ("PASSWORD_TOO_SHORT", len(password) < MIN_PASSWORD_LENGTH),
        ("PASSWORD_ONE_CLASS", len(_character_classes(password)) < 2),
        ("PASSWORD_HAS_EMAIL", len(local_part) >= MIN_LOCAL_PART_TO_CHECK and local_part in folded),
        ("PASSWORD_HAS_SLUG", slug in folded),
        ("PASSWORD_COMMON", _is_common(folded)),
    ]
    return [code for code, broken in checks if broken]


def _character_classes(password: str) -> set[str]:
    return {_character_class(ch) for ch in password}


def _character_class(ch: str) -> str:
    if ch.islower():
        return "lower"
    if ch.isupper():
        return "upper"
    return "digit" if ch.isdigit() else "symbol"


def _is_common(folded: str) -> bool:
    return folded in COMMON_PASSWORDS or folded.rstrip(_STEM_SUFFIX) in COMMON_PASSWORDS
