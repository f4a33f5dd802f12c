"""The process-wide collaborators a request may need, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.counters import Counters, build_counters
from server.core.jobs import JobQueue, build_job_queue
from server.core.mail import Mailer, Outbox
from server.core.notify import Signals, build_signals
from server.core.security.passwords import Passwords
from server.core.security.tokens import TokenService, load_keys
from server.core.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    passwords: Passwords
    tokens: TokenService
    counters: Counters
    jobs: JobQueue
    mailer: Mailer
    signals: Signals

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        return cls(
            settings=settings,
            passwords=Passwords(settings),
            tokens=TokenService(settings, load_keys(settings)),
            counters=build_counters(settings),
            jobs=build_job_queue(settings),
            mailer=Outbox(),
            signals=build_signals(settings),
        )
