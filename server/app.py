"""The application factory: routes, lifespan and the GraphQL endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from schema.root import build_schema
from server.background import install_jobs
from server.core.counters import check_counters
from server.core.db import close_db, init_db, warn_if_row_security_is_bypassed
from server.core.mail import Outbox
from server.core.runtime import Runtime
from server.core.settings import Settings, get_settings
from server.graphql_view import GraphQLView
from server.limits import BodySizeLimit
from server.operations import Lifecycle, Operations
from server.recipient_routes import recipient_routes
from server.request_telemetry import RequestTelemetry
from server.scope_middleware import ResetTenantScope
from server.spa import DEFAULT_DIST, spa_routes
from server.tenant_downloads import download_routes
from tenants.imports.runner import resume_interrupted_jobs
from tenants.notifications.mailer import TransportMailer
from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import default_transports


class IzinHub(Starlette):
    """Starlette with `RequestTelemetry` outside even its error handler, so every answer,
    a 500 included, carries the request id and is counted."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestTelemetry(super().build_middleware_stack())


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> IzinHub:
    settings = settings or get_settings()
    runtime = runtime or Runtime.build(settings)
    if type(runtime.mailer) is Outbox:  # deliver account e-mails like the notices
        runtime.mailer = TransportMailer(
            sent=runtime.mailer.sent, transport=default_transports(settings.data_dir).email
        )
    view = GraphQLView(
        runtime,
        schema=build_schema(settings),
        graphql_ide="graphiql",
        allow_queries_via_get=False,
        multipart_uploads_enabled=True,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        connection_init_wait_timeout=timedelta(seconds=10),
        max_subscriptions_per_connection=20,
        allowed_origins=[o.strip() for o in settings.websocket_origins.split(",") if o.strip()],
    )

    lifecycle = Lifecycle()
    operations = Operations(settings, lifecycle)
    notify = NotificationSettings()
    install_jobs(runtime.jobs, settings, notify, periodic=notify.worker)
    runs_jobs = settings.resolved_job_engine == "inprocess"  # else `iys worker` runs them

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await init_db(settings)
        if settings.is_postgres:
            await warn_if_row_security_is_bypassed()
        await check_counters(runtime.counters, settings)
        await runtime.signals.start()
        await runtime.jobs.start()
        try:
            if runs_jobs:
                await resume_interrupted_jobs(runtime.jobs)
            yield
        finally:
            lifecycle.begin_draining()
            await runtime.signals.stop()
            await runtime.jobs.shutdown()
            await runtime.counters.close()
            await close_db()

    async def jwks(request: Request) -> Response:
        return JSONResponse(runtime.tokens.jwks(), headers={"cache-control": "public, max-age=300"})

    app = IzinHub(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),  # subscriptions over graphql-transport-ws
            Route("/.well-known/jwks.json", jwks),
            *operations.routes(),
            *download_routes(runtime),
            *recipient_routes(),
            *spa_routes(DEFAULT_DIST),  # last: the web app catches every other path
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(ResetTenantScope),
            Middleware(BodySizeLimit, max_upload_bytes=settings.max_upload_bytes),
        ],
    )
    app.state.runtime = runtime
    app.state.lifecycle = lifecycle
    return app
