"""The endpoints operators and orchestrators call: /healthz, /readyz and /metrics.

- ``/healthz``: liveness. The process answers; nothing else is asked, so a slow database never
  gets a healthy process restarted.
- ``/readyz``: readiness. 200 when the database answers and every migration is applied, 503
  naming the failing check otherwise, and 503 from the moment shutdown begins.
- ``/metrics``: Prometheus text. Readable only from the addresses in IYS_METRICS_ALLOW
  (loopback by default), and, when IYS_METRICS_TOKEN is set, only with that bearer token too.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.core.readiness import (
    Check,
    database_answers,
    expected_migrations,
    migrations_applied,
    run_checks,
)
from server.core.settings import Settings, metrics_networks
from server.request_meta import client_ip
from tenants.core.queues import queue_depths

log = logging.getLogger(__name__)

NO_STORE = {"cache-control": "no-store"}
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


@dataclass
class Lifecycle:
    """Whether the process is shutting down; set by `iys serve` on SIGTERM, and by the
    lifespan's end whatever stopped the server."""

    draining: bool = False

    def begin_draining(self) -> None:
        self.draining = True  # no logging: signal handlers call this


class Operations:
    def __init__(self, settings: Settings, lifecycle: Lifecycle) -> None:
        self.settings = settings
        self.lifecycle = lifecycle
        self.networks = metrics_networks(settings.metrics_allow)
        self.checks: dict[str, Check] = {
            "database": database_answers,
            "migrations": migrations_applied(expected_migrations(settings)),
        }

    def routes(self) -> list[Route]:
        return [
            Route("/healthz", self.healthz, methods=["GET", "HEAD"]),
            Route("/readyz", self.readyz, methods=["GET", "HEAD"]),
            Route("/metrics", self.metrics, methods=["GET"]),
        ]

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=NO_STORE)

    async def readyz(self, request: Request) -> Response:
        if self.lifecycle.draining:
            outcomes = {"shutdown": "draining"}
        else:
            outcomes = await run_checks(self.checks, self.settings.ready_timeout_seconds)
        ready = all(outcome == "ok" for outcome in outcomes.values())
        return JSONResponse(
            {"status": "ready" if ready else "unavailable", "checks": outcomes},
            status_code=200 if ready else 503,
            headers=NO_STORE,
        )

    async def metrics(self, request: Request) -> Response:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        depths = await self._queue_depths()
        body = await asyncio.to_thread(exposition, depths)
        return Response(body, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)

    def _refusal(self, request: Request) -> Response | None:
        if not self._address_allowed(client_ip(request, self.settings)):
            return JSONResponse({"error": "forbidden"}, status_code=403, headers=NO_STORE)
        token = self.settings.metrics_token.get_secret_value()
        if token and not _bearer_matches(request.headers.get("authorization", ""), token):
            return JSONResponse(
                {"error": "unauthorized"},
                status_code=401,
                headers={**NO_STORE, "www-authenticate": 'Bearer realm="metrics"'},
            )
        return None

    def _address_allowed(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:  # "unknown", or a peer that is not an IP address
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # an IPv4 client of a dual-stack listener
        return any(ip in network for network in self.networks)

    async def _queue_depths(self) -> dict[str, int] | None:
        """Counted at scrape time; a database in trouble costs the scrape this family only."""
        try:
            async with asyncio.timeout(self.settings.ready_timeout_seconds):
                return await queue_depths()
        except Exception:
            log.warning("metrics: the job queues could not be counted", exc_info=True)
            return None


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def exposition(depths: dict[str, int] | None) -> bytes:
    """Every metric of this process, or of all worker processes in multiprocess mode, then
    the queue depths just counted."""
    body = generate_latest(_registry())
    if depths is not None:
        scrape = CollectorRegistry(auto_describe=False)
        scrape.register(_QueueDepths(depths))
        body += generate_latest(scrape)
    return body


def _registry() -> CollectorRegistry:
    if not os.environ.get(MULTIPROCESS_ENV):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


class _QueueDepths(Collector):
    def __init__(self, depths: dict[str, int]) -> None:
        self.depths = depths

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "izinhub_job_queue_depth",
            "Background work waiting, counted at scrape time: import jobs queued or running,"
            " notices and webhook deliveries pending.",
            labels=["queue"],
        )
        for queue, depth in self.depths.items():
            family.add_metric([queue], depth)
        yield family
