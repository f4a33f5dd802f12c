"""Proving an address: a one-time code, then a recipient token for that address alone.

As İYS does it (iys-domain.md §4.6): a code is valid 15 minutes and for 3 tries, and no new
code is sent to an address within 3 minutes of the last. Each client address may ask for and
try only so many codes an hour, so codes cannot be brute forced across many addresses either.
A code is sent whether or not any tenant knows the address, so asking reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F

from server.core.counters import Counters, Window
from server.core.errors import Unavailable, ValidationFailed
from server.core.security.tokens import hash_opaque_token, new_opaque_token
from tenants.consents.recipients import recipient_kind
from tenants.notifications.transports import OutgoingMessage, Transports
from tenants.recipients import errors as _errors  # noqa: F401  (registers the messages)
from tenants.recipients.models import RecipientCode, RecipientSession
from tenants.recipients.rejections import channel_of

CODE_VALIDITY = timedelta(minutes=15)
MAX_TRIES = 3
RESEND_AFTER = timedelta(minutes=3)
SESSION_VALIDITY = timedelta(hours=1)
HOUR = 3600.0
CODES_PER_CLIENT_PER_HOUR = 10
CODES_PER_ADDRESS_PER_HOUR = 5
TRIES_PER_CLIENT_PER_HOUR = 30
MAX_ADDRESS_LENGTH = 300
MAX_CODE_LENGTH = 12
MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True, slots=True)
class RecipientToken:
    token: str
    address: str
    expires_at: datetime


def clean_address(raw: str) -> str:
    """The normalised phone number or e-mail address, or INVALID_ADDRESS."""
    kind = recipient_kind(raw) if len(raw) <= MAX_ADDRESS_LENGTH else None
    if kind is None:
        raise ValidationFailed("INVALID_ADDRESS", field="address")
    return kind[1]


async def _admit(counters: Counters, key: str, limit: int, now: datetime) -> None:
    """Count one call against ``key``; check and count are one step, so no race, even across
    server processes sharing the counters."""
    try:
        admitted = await counters.admit([Window(key, limit, HOUR)], now.timestamp())
    except Unavailable:
        raise ValidationFailed("TEMPORARILY_UNAVAILABLE") from None
    if not admitted:
        raise ValidationFailed("TOO_MANY_ATTEMPTS")


def _code_hash(address: str, code: str) -> str:
    return hashlib.sha256(f"{address}\x00{code}".encode()).hexdigest()


async def request_code(
    raw_address: str, client_ip: str, counters: Counters, transports: Transports, now: datetime
) -> datetime:
    """Send a new code to the address; returns when it expires."""
    address = clean_address(raw_address)
    await _admit(
        counters, f"recipient-code:client:{client_ip[:64]}", CODES_PER_CLIENT_PER_HOUR, now
    )
    latest = await RecipientCode.filter(address=address).order_by("-id").first()
    if latest is not None and latest.created_at > now - RESEND_AFTER:
        raise ValidationFailed("CODE_RECENTLY_SENT", field="address")
    await _admit(counters, f"recipient-code:address:{address}", CODES_PER_ADDRESS_PER_HOUR, now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    await RecipientCode.filter(address=address, used_at=None).update(used_at=now)
    row = await RecipientCode.create(
        address=address,
        code_hash=_code_hash(address, code),
        created_at=now,
        expires_at=now + CODE_VALIDITY,
    )
    await _send(transports, address, code)
    return row.expires_at


async def _send(transports: Transports, address: str, code: str) -> None:
    channel = channel_of(address)
    text = f"İzinHub doğrulama kodunuz: {code}. Kod 15 dakika geçerlidir; kimseyle paylaşmayın."
    try:
        await transports.for_channel(channel).send(
            OutgoingMessage(channel, address, "İzinHub doğrulama kodu", text)
        )
    except Exception:  # the caller may ask again; the code stays unusable to anyone else
        raise ValidationFailed("CODE_DELIVERY_FAILED") from None


async def verify_code(
    raw_address: str, code: str, client_ip: str, counters: Counters, now: datetime
) -> RecipientToken:
    """A recipient token for the address if ``code`` is its newest live code."""
    address = clean_address(raw_address)
    await _admit(
        counters, f"recipient-verify:client:{client_ip[:64]}", TRIES_PER_CLIENT_PER_HOUR, now
    )
    row = await RecipientCode.filter(address=address, used_at=None).order_by("-id").first()
    if row is None or row.expires_at <= now or not await _take_try(row):
        raise ValidationFailed("CODE_EXPIRED", field="code")
    given = code.strip()[:MAX_CODE_LENGTH]
    if not hmac.compare_digest(row.code_hash, _code_hash(address, given)):
        raise ValidationFailed("INVALID_CODE", field="code")
    if not await RecipientCode.filter(id=row.id, used_at=None).update(used_at=now):
        raise ValidationFailed("CODE_EXPIRED", field="code")  # used by a concurrent call
    return await _open_session(address, now)


async def _take_try(row: RecipientCode) -> bool:
    """Spend one of the code's tries before comparing, so concurrent guesses cannot share one.

    The right code spends a try too; it also ends the code, so only wrong tries ever count.
    """
    taken = await RecipientCode.filter(id=row.id, failed_attempts__lt=MAX_TRIES).update(
        failed_attempts=F("failed_attempts") + 1
    )
    return bool(taken)


async def _open_session(address: str, now: datetime) -> RecipientToken:
    token = new_opaque_token()
    expires_at = now + SESSION_VALIDITY
    await RecipientSession.create(
        address=address, token_hash=hash_opaque_token(token), created_at=now, expires_at=expires_at
    )
    return RecipientToken(token, address, expires_at)


async def address_for_token(token: str, now: datetime) -> str | None:
    """The proven address of a live recipient token, else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    session = await RecipientSession.get_or_none(token_hash=hash_opaque_token(token))
    if session is None or session.expires_at <= now:
        return None
    return session.address
