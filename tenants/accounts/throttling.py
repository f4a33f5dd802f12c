"""Sign-in hardening: a growing lock per account, a window per client address, and a window per
address for the anonymous calls that cost a password hash (sign-up, invitations, resets).

The account key is built from what the caller typed (tenant slug + e-mail), never from a stored
user, so an e-mail that does not exist locks exactly like one that does: the lock reveals
nothing about which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import clock
from server.core.counters import Lock, Window
from server.core.errors import AuthFailed, Unavailable
from server.core.runtime import Runtime

# Keys are built from raw input, so their size is capped before they reach the counters.
_MAX_KEY_PART = 256
ANONYMOUS_WINDOW_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """Who tries to sign in to which account, for counting."""

    tenant_slug: str
    email: str
    client_ip: str

    @property
    def account_key(self) -> str:
        return f"login:account:{self.tenant_slug[:_MAX_KEY_PART]}\x00{self.email[:_MAX_KEY_PART]}"

    @property
    def address_key(self) -> str:
        return f"login:address:{self.client_ip[:_MAX_KEY_PART]}"


async def admit(runtime: Runtime, attempt: LoginAttempt) -> None:
    """Count one sign-in call, or raise TOO_MANY_ATTEMPTS while the account or address is held.

    The check and the count are one step of the counters (in memory or in Redis), so concurrent
    calls (or many aliased ``login`` fields, or calls spread over several server processes)
    cannot all pass the check before any of them is counted. Every admitted call counts as a
    failure until ``forgive`` says otherwise: a failure is known only after the slow password
    check. Calls refused while locked do not extend the lock, so the owner can sign in once it
    ends.
    """
    settings = runtime.settings
    address = Window(
        attempt.address_key, settings.login_max_attempts_per_ip, settings.login_window_seconds
    )
    account = Lock(
        attempt.account_key,
        settings.login_max_attempts,
        settings.login_window_seconds,
        settings.login_lockout_max_seconds,
    )
    await _admit(runtime, [address], account)


async def forgive(runtime: Runtime, attempt: LoginAttempt) -> None:
    """After a successful sign-in, the account's earlier failures no longer count."""
    try:
        await runtime.counters.reset(attempt.account_key)
    except Unavailable:
        raise AuthFailed("TEMPORARILY_UNAVAILABLE") from None


async def admit_anonymous(runtime: Runtime, action: str, client_ip: str) -> None:
    """Count one costly anonymous call from ``client_ip``, or raise TOO_MANY_ATTEMPTS."""
    key = f"{action}:address:{client_ip[:_MAX_KEY_PART]}"
    limit = runtime.settings.anonymous_max_per_ip
    await _admit(runtime, [Window(key, limit, ANONYMOUS_WINDOW_SECONDS)])


async def _admit(runtime: Runtime, windows: list[Window], lock: Lock | None = None) -> None:
    """TOO_MANY_ATTEMPTS when refused; TEMPORARILY_UNAVAILABLE when the counters cannot count."""
    try:
        admitted = await runtime.counters.admit(windows, clock.now().timestamp(), lock)
    except Unavailable:
        raise AuthFailed("TEMPORARILY_UNAVAILABLE") from None
    if not admitted:
        raise AuthFailed("TOO_MANY_ATTEMPTS")
