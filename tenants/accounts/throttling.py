"""Sign-in throttling: per tenant + e-mail (guessing one account) and per client address."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import clock
from server.core.errors import AuthFailed
from server.core.runtime import Runtime

# Keys are built from raw input, so their size is capped before they reach memory.
_MAX_KEY_PART = 256


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
    """Count one sign-in call, or raise TOO_MANY_ATTEMPTS when either limit is reached.

    The check and the count run with no ``await`` between them, so concurrent calls (or many
    aliased ``login`` fields) cannot all pass the check before any of them is counted. Every
    call counts, not only failures: a failure is known only after the slow password check.
    """
    settings, now = runtime.settings, clock.now().timestamp()
    limits = [
        (attempt.account_key, settings.login_max_attempts),
        (attempt.address_key, settings.login_max_attempts_per_ip),
    ]
    window = settings.login_window_seconds
    if any(runtime.throttle.blocked(key, limit, window, now) for key, limit in limits):
        raise AuthFailed("TOO_MANY_ATTEMPTS")
    for key, _ in limits:
        runtime.throttle.hit(key, now)


def forgive(runtime: Runtime, attempt: LoginAttempt) -> None:
    """After a successful sign-in, the account's earlier failures no longer count."""
    runtime.throttle.reset(attempt.account_key)
