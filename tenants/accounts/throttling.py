"""Sign-in hardening: a growing lock per account, a window per client address, and a window per
address for the anonymous calls that cost a password hash (sign-up, invitations, resets).

The account key is built from what the caller typed (tenant slug + e-mail), never from a stored
user, so an e-mail that does not exist locks exactly like one that does: the lock reveals
nothing about which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import clock
from server.core.errors import AuthFailed
from server.core.runtime import Runtime

# Keys are built from raw input, so their size is capped before they reach memory.
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


def admit(runtime: Runtime, attempt: LoginAttempt) -> None:
    """Count one sign-in call, or raise TOO_MANY_ATTEMPTS while the account or address is held.

    The check and the count run with no ``await`` between them, so concurrent calls (or many
    aliased ``login`` fields) cannot all pass the check before any of them is counted. Every
    admitted call counts as a failure until ``forgive`` says otherwise: a failure is known only
    after the slow password check. Calls refused while locked do not extend the lock, so the
    owner can sign in once it ends.
    """
    settings, now = runtime.settings, clock.now().timestamp()
    forget = settings.login_lockout_max_seconds
    address_held = runtime.throttle.blocked(
        attempt.address_key, settings.login_max_attempts_per_ip, settings.login_window_seconds, now
    )
    if address_held or runtime.lockouts.locked(attempt.account_key, now, forget):
        raise AuthFailed("TOO_MANY_ATTEMPTS")
    runtime.throttle.hit(attempt.address_key, now)
    runtime.lockouts.fail(
        attempt.account_key,
        now,
        settings.login_max_attempts,
        settings.login_window_seconds,
        settings.login_lockout_max_seconds,
    )


def forgive(runtime: Runtime, attempt: LoginAttempt) -> None:
    """After a successful sign-in, the account's earlier failures no longer count."""
    runtime.lockouts.reset(attempt.account_key)


def admit_anonymous(runtime: Runtime, action: str, client_ip: str) -> None:
    """Count one costly anonymous call from ``client_ip``, or raise TOO_MANY_ATTEMPTS."""
    key, now = f"{action}:address:{client_ip[:_MAX_KEY_PART]}", clock.now().timestamp()
    limit = runtime.settings.anonymous_max_per_ip
    if runtime.throttle.blocked(key, limit, ANONYMOUS_WINDOW_SECONDS, now):
        raise AuthFailed("TOO_MANY_ATTEMPTS")
    runtime.throttle.hit(key, now)
