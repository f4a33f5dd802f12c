"""uvicorn, shut down the way a load balancer needs it.

On SIGTERM or SIGINT (Ctrl+C): /readyz answers 503 at once; the server keeps accepting for
IYS_SHUTDOWN_DRAIN_SECONDS, so balancers that still route here see it go unready instead of
refused connections; then it stops accepting, lets in-flight requests finish within
IYS_SHUTDOWN_GRACE_SECONDS (cancelling what is left), runs the application's shutdown and
exits 0. A second signal ends it at once, skipping what waiting and shutdown are left.
"""

from __future__ import annotations

import logging
import time
from types import FrameType

import uvicorn

from server.app import IzinHub
from server.core.logs import logging_config
from server.core.settings import Settings

log = logging.getLogger(__name__)


class GracefulServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, app: IzinHub, drain_seconds: float) -> None:
        super().__init__(config)
        self.app = app
        self.drain_seconds = drain_seconds
        self.stop_accepting_at: float | None = None
        self.announced = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.stop_accepting_at is not None:  # a second signal: no more patience
            self.should_exit = True
            self.force_exit = True
            return
        # Unlike uvicorn's own handler, the signal is not raised again once the server has
        # stopped: a shutdown that went as planned ends with status 0, as process managers expect.
        self.app.state.lifecycle.begin_draining()
        self.stop_accepting_at = time.monotonic() + self.drain_seconds

    async def on_tick(self, counter: int) -> bool:
        if self.stop_accepting_at is None:
            return await super().on_tick(counter)
        if not self.announced:  # logged here, not in the signal handler
            self.announced = True
            log.info(
                "shutdown started: /readyz answers 503, accepting for %s s", self.drain_seconds
            )
        return time.monotonic() >= self.stop_accepting_at or await super().on_tick(counter)


def serve(app: IzinHub, settings: Settings, host: str, port: int) -> None:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=logging_config(settings),
        log_level=settings.log_level.lower(),
        # X-Forwarded-For is believed only from IYS_TRUSTED_PROXIES (server/request_meta.py).
        proxy_headers=False,
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )
    GracefulServer(config, app, settings.shutdown_drain_seconds).run()
