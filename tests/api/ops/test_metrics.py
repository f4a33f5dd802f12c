"""/metrics: who may read it, and what it counts (labels bounded, never raw client input)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from schema.relay import pk_of
from server.core import metrics
from server.core.metrics import OPERATION_NAME, BoundedLabels
from server.core.runtime import Runtime
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.imports.models import ImportJob, ImportStatus
from tenants.notifications.models import Notice, NoticeStatus
from tenants.providers.models import Brand
from tenants.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from tests.api.imports.files import generate, import_file
from tests.api.ops.conftest import scrape, value
from tests.graphql import GraphQLClient, make_brand, sign_up

HTTP_COUNT = "izinhub_http_request_duration_seconds_count"
GRAPHQL_COUNT = "izinhub_graphql_operation_duration_seconds_count"
ERRORS = "izinhub_graphql_errors_total"


async def test_a_remote_address_is_refused(client: GraphQLClient) -> None:
    # when (the default test client is 203.0.113.7, not loopback)
    response = await client.http.get("/metrics")
    spoofed = await client.http.get("/metrics", headers={"x-forwarded-for": "127.0.0.1"})
    # then
    assert response.status_code == 403
    assert spoofed.status_code == 403  # no trusted proxy: the header is not believed
    assert "izinhub_" not in response.text + spoofed.text


async def test_requests_are_counted_by_route_template_not_by_path(
    local: httpx.AsyncClient,
) -> None:
    # given
    before = await scrape(local)
    # when
    await local.get("/ret/SECRET-link-token-123")
    await local.request("BREW", "/graphql")
    await local.get("/healthz")
    after = await scrape(local)
    text = (await local.get("/metrics")).text
    # then
    labels = {"method": "GET", "route": "/ret/{token}", "status": "4xx"}
    assert value(after, HTTP_COUNT, **labels) == value(before, HTTP_COUNT, **labels) + 1
    brew = {"method": "OTHER", "route": "/graphql", "status": "4xx"}
    assert value(after, HTTP_COUNT, **brew) == value(before, HTTP_COUNT, **brew) + 1
    health = {"method": "GET", "route": "/healthz", "status": "2xx"}
    assert value(after, HTTP_COUNT, **health) == value(before, HTTP_COUNT, **health) + 1
    assert "SECRET-link-token" not in text
    assert "BREW" not in text


async def test_graphql_operations_are_timed_by_type_and_bounded_name(
    local: httpx.AsyncClient,
) -> None:
    # given
    long_name = "Q" + "x" * 100
    before = await scrape(local)
    # when
    await _graphql(local, "query OpsProbe { me { id } }")
    await _graphql(local, "{ me { id } }")
    await _graphql(local, f"query {long_name} {{ me {{ id }} }}")
    await _graphql(local, "query A { me { id } }", operation_name='A"} evil{')
    after = await scrape(local)
    text = (await local.get("/metrics")).text
    # then
    for labels in (
        {"operation_type": "query", "operation_name": "OpsProbe"},
        {"operation_type": "query", "operation_name": "anonymous"},
        {"operation_type": "query", "operation_name": "other"},
    ):
        assert value(after, GRAPHQL_COUNT, **labels) == value(before, GRAPHQL_COUNT, **labels) + 1
    assert long_name not in text
    assert "evil" not in text


async def test_anonymous_requests_cannot_use_up_the_signed_in_callers_names(
    client: GraphQLClient, local: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: fresh budgets, and anonymous requests with more made-up names than theirs
    monkeypatch.setattr(metrics, "operation_names", BoundedLabels(OPERATION_NAME, limit=20))
    monkeypatch.setattr(
        metrics, "anonymous_operation_names", BoundedLabels(OPERATION_NAME, limit=20)
    )
    for index in range(25):
        await _graphql(local, f"query Flood{index} {{ me {{ id }} }}")
    owner = await sign_up(client, "ajans")
    before = await scrape(local)
    # when
    await owner.post("query TenantDashboard { me { id } }")
    after = await scrape(local)
    # then
    labels = {"operation_type": "query", "operation_name": "TenantDashboard"}
    assert value(after, GRAPHQL_COUNT, **labels) == value(before, GRAPHQL_COUNT, **labels) + 1
    assert value(after, GRAPHQL_COUNT, operation_type="query", operation_name="Flood24") == 0


async def test_graphql_errors_are_counted_by_code(local: httpx.AsyncClient) -> None:
    # given
    before = await scrape(local)
    # when
    await _graphql(local, "{ noSuchField }")
    await _graphql(local, "{ me { id ")
    after = await scrape(local)
    # then
    for code in ("GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"):
        assert value(after, ERRORS, code=code) == value(before, ERRORS, code=code) + 1


async def _graphql(http: httpx.AsyncClient, query: str, operation_name: str | None = None) -> None:
    body: dict[str, Any] = {"query": query}
    if operation_name is not None:
        body["operationName"] = operation_name
    response = await http.post("/graphql", json=body)
    assert response.status_code in (200, 400)


async def test_import_rows_are_counted_as_the_runner_commits_them(
    local: httpx.AsyncClient, client: GraphQLClient, runtime: Runtime, tmp_path: Path
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    generated = generate(tmp_path, "csv", rows=120, bad_ratio=0.1)
    before = await scrape(local)
    # when
    job = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    after = await scrape(local)
    # then the counters moved exactly as the job's did
    done = await ImportJob.get(id=pk_of(job["id"], "ImportJob"))
    assert done.status == ImportStatus.SUCCEEDED
    assert done.rejected_rows == len(generated.bad_lines) > 0
    for outcome, rows in (("accepted", done.accepted_rows), ("rejected", done.rejected_rows)):
        moved = value(after, "izinhub_import_rows_total", outcome=outcome) - value(
            before, "izinhub_import_rows_total", outcome=outcome
        )
        assert moved == rows


async def test_queue_depth_is_counted_at_scrape_time(
    local: httpx.AsyncClient, client: GraphQLClient
) -> None:
    # given two tenants with work waiting, and work already done that must not count
    for slug in ("ajans", "bayi"):
        owner = await sign_up(client, slug, email=f"owner@{slug}.example")
        brand = await Brand.get(id=pk_of(await make_brand(owner), "Brand"))
        await _queued_work(brand, waiting=True)
        await _queued_work(brand, waiting=False)
    # when
    samples = await scrape(local)
    # then
    for queue in ("imports", "notices", "webhooks"):
        assert value(samples, "izinhub_job_queue_depth", queue=queue) == 2


async def _queued_work(brand: Brand, waiting: bool) -> None:
    now = datetime.now(UTC)
    later = now + timedelta(days=1)  # not due: the outbox worker leaves them alone
    with as_tenant(brand.tenant_id):
        await ImportJob.create(
            tenant_id=brand.tenant_id,
            brand_id=brand.id,
            file_name="x.csv",
            stored_path="/nonexistent/x.csv",
            status=ImportStatus.QUEUED if waiting else ImportStatus.SUCCEEDED,
            created_at=now,
        )
        await Notice.create(
            tenant_id=brand.tenant_id,
            brand_id=brand.id,
            recipient=f"+90555{1000000 + int(waiting)}",
            channel="SMS",
            types="MESAJ",
            day=date(2026, 12, 3),
            status=NoticeStatus.PENDING if waiting else NoticeStatus.SENT,
            next_attempt_at=later,
            created_at=now,
        )
        hook = await Webhook.create(
            tenant_id=brand.tenant_id,
            brand_id=brand.id,
            url="https://hooks.example/x",
            secret="s" * 64,
            events="ALL",
            created_at=now,
        )
        await WebhookDelivery.create(
            tenant_id=brand.tenant_id,
            webhook_id=hook.id,
            payload="{}",
            movements=1,
            status=DeliveryStatus.PENDING if waiting else DeliveryStatus.SUCCEEDED,
            next_attempt_at=later,
            created_at=now,
        )


class TestWithAToken:
    """IYS_METRICS_TOKEN set: the allowed addresses also need the bearer token."""

    TOKEN = "metrics-token-8f3a1c"

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"metrics_token": SecretStr(self.TOKEN)})

    async def test_only_the_right_token_from_an_allowed_address_reads(
        self, local: httpx.AsyncClient, client: GraphQLClient
    ) -> None:
        # when
        missing = await local.get("/metrics")
        wrong = await local.get("/metrics", headers={"authorization": "Bearer nope"})
        other_scheme = await local.get("/metrics", headers={"authorization": f"Basic {self.TOKEN}"})
        right = await local.get("/metrics", headers={"authorization": f"Bearer {self.TOKEN}"})
        remote = await client.http.get(
            "/metrics", headers={"authorization": f"Bearer {self.TOKEN}"}
        )
        # then
        for refused in (missing, wrong, other_scheme):
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")
            assert "izinhub_" not in refused.text
        assert right.status_code == 200
        assert "izinhub_http_request_duration_seconds" in right.text
        assert remote.status_code == 403


class TestAnAllowedNetwork:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"metrics_allow": "203.0.113.0/24"})

    async def test_an_address_in_it_reads_and_loopback_no_longer_does(
        self, local: httpx.AsyncClient, client: GraphQLClient
    ) -> None:
        # when
        inside = await client.http.get("/metrics")
        loopback = await local.get("/metrics")
        # then
        assert inside.status_code == 200
        assert loopback.status_code == 403
