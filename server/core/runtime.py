"""The process-wide collaborators a request may need, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.jobs import JobQueue, build_job_queue
from server.core.mail import Mailer, Outbox
from server.core.security.passwords import Passwords
from server.core.security.tokens import TokenService, load_keys
from server.core.settings import Settings
from server.core.throttle import Lockouts, Throttle


@dataclass
class Runtime:
    settings: Settings
    passwords: Passwords
    tokens: TokenService
    throttle: Throttle
    jobs: JobQueue
    lockouts: Lockouts
    mailer: Mailer

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        return cls(
            settings=settings,
            passwords=Passwords(settings),
            tokens=TokenService(settings, load_keys(settings)),
            throttle=Throttle(),
            jobs=build_job_queue(settings),
            lockouts=Lockouts(),
            mailer=Outbox(),
        )
