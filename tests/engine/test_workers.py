"""Imports, notices and webhooks run by real ``iys worker`` processes sharing the queue."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from schema.relay import pk_of
from server.core.clock import clock
from server.core.runtime import Runtime
from server.core.settings import Settings
from tenants.consents.models import ConsentMovement
from tenants.imports import runner
from tenants.imports.models import ImportJob, ImportStatus
from tenants.notifications.models import Notice, NoticeStatus
from tenants.notifications.outbox import backoff
from tenants.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.api.feed.test_consent_changes import record
from tests.api.imports.files import Generated, generate, import_file, job_with_all_errors
from tests.engine.conftest import BATCH, IYS, Workers, eventually, queue_rows
from tests.graphql import GraphQLClient, make_brand, sign_up

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(tmp_path_factory.mktemp("engine-files"), "csv", rows=1500)


@pytest.fixture
async def owner(client: GraphQLClient) -> GraphQLClient:
    return await sign_up(client, "ajans")


@pytest.fixture
async def brand(owner: GraphQLClient) -> str:
    return await make_brand(owner)


async def finished(job_id: str) -> ImportJob | None:
    job = await ImportJob.get(id=pk_of(job_id, "ImportJob"))
    return job if job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED) else None


async def assert_imported_once(owner: GraphQLClient, job_id: str, generated: Generated) -> None:
    """The job ends exactly as an uninterrupted single run would."""
    final = await job_with_all_errors(owner, job_id)
    assert final["status"] == "SUCCEEDED"
    assert final["processedRows"] == final["totalRows"] == generated.rows
    assert final["acceptedRows"] + final["rejectedRows"] == final["totalRows"]
    assert {e["line"]: e["code"] for e in final["allErrors"]} == generated.bad_lines
    # a batch applied twice would add to processedRows and to the movements
    movements = ConsentMovement.filter(import_job_id=pk_of(job_id, "ImportJob"))
    assert await movements.count() == final["acceptedRows"]


async def test_two_workers_sharing_the_queue_run_each_import_once(
    owner: GraphQLClient,
    brand: str,
    runtime: Runtime,
    generated: Generated,
    workers: Workers,
    settings: Settings,
) -> None:
    # given: two imports queued by the API, which runs no job itself
    other = await make_brand(owner, iys_code=700002, brand_code=700002)
    jobs = [await import_file(owner, b, generated.path) for b in (brand, other)]
    assert [(await ImportJob.get(id=pk_of(j["id"], "ImportJob"))).status for j in jobs] == [
        ImportStatus.QUEUED
    ] * 2
    # when: two workers take jobs from the same queue
    first, second = workers.start(), workers.start()
    running = await eventually(
        lambda: ImportJob.filter(status=ImportStatus.RUNNING).first(), "an import runs", workers
    )
    requeued_while_running = await runner.resume_interrupted_jobs(runtime.jobs)
    for job in jobs:
        await eventually(lambda job=job: finished(job["id"]), "the imports end", workers)
    # then: a running or queued import is never queued twice, and each ran exactly once
    assert running is not None
    assert requeued_while_running == 0
    for job in jobs:
        await assert_imported_once(owner, job["id"], generated)
    assert [workers.stop(first), workers.stop(second)] == [0, 0]


async def test_sigterm_mid_import_queues_it_again_and_a_new_worker_finishes_it(
    owner: GraphQLClient,
    brand: str,
    generated: Generated,
    workers: Workers,
    settings: Settings,
) -> None:
    # given: a worker with no grace period is importing
    job = await import_file(owner, brand, generated.path)
    pk = pk_of(job["id"], "ImportJob")
    impatient = workers.start(IYS_JOB_GRACE_SECONDS="0")
    await eventually(
        lambda: ImportJob.filter(id=pk, processed_rows__gt=0).exists(), "rows saved", workers
    )
    # when: it is told to stop
    exit_code = workers.stop(impatient)
    cut = await ImportJob.get(id=pk)
    queued = await queue_rows(
        settings.database_url,
        "SELECT status, attempts FROM procrastinate_jobs WHERE queueing_lock = $1",
        f"import:{pk}",
    )
    # then: it stopped cleanly mid-import, with whole batches saved, and the job is queued again
    assert exit_code == 0
    assert cut.status == ImportStatus.RUNNING
    assert 0 < cut.processed_rows < generated.rows
    assert cut.processed_rows % BATCH == 0
    assert cut.accepted_rows == await ConsentMovement.filter(import_job_id=pk).count()
    assert [(row["status"], row["attempts"]) for row in queued] == [("todo", 1)]
    # and a new worker finishes it as if it had never been interrupted
    workers.start()
    await eventually(lambda: finished(job["id"]), "the import ends", workers)
    await assert_imported_once(owner, job["id"], generated)


async def test_sigterm_lets_a_running_import_finish_within_the_grace_period(
    owner: GraphQLClient, brand: str, generated: Generated, workers: Workers
) -> None:
    # given
    job = await import_file(owner, brand, generated.path)
    pk = pk_of(job["id"], "ImportJob")
    patient = workers.start(IYS_JOB_GRACE_SECONDS="120")
    await eventually(
        lambda: ImportJob.filter(id=pk, processed_rows__gt=0).exists(), "rows saved", workers
    )
    # when
    exit_code = workers.stop(patient, timeout=150)
    # then: the worker took no new job but finished this one before leaving
    assert exit_code == 0
    await assert_imported_once(owner, job["id"], generated)


def now_in_istanbul() -> str:
    return (clock.now() + timedelta(hours=3) - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")


async def test_a_worker_delivers_notices(
    owner: GraphQLClient, brand: str, workers: Workers, settings: Settings
) -> None:
    # given: a consent recorded on a web form asks for a notice
    await record(owner, brand, "05551234567", consentDate=now_in_istanbul())
    # when
    workers.start()
    notice = await eventually(
        lambda: Notice.filter(status=NoticeStatus.SENT.value).first(), "a notice sent", workers
    )
    # then: the file transport holds the SMS with its rejection link
    assert notice is not None
    assert (notice.recipient, notice.channel, notice.attempts) == ("+905551234567", "SMS", 1)
    [sms] = list((settings.data_dir / "outbox").glob("*"))
    assert "/ret/" in sms.read_text()


class FailingReceiver(BaseHTTPRequestHandler):
    arrivals: list[float] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        type(self).arrivals.append(time.time())
        self.send_response(500)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def failing_endpoint() -> Iterator[tuple[type[FailingReceiver], str]]:
    handler = type("Receiver", (FailingReceiver,), {"arrivals": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


CREATE_WEBHOOK = """
mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { __typename ... on CreatedWebhook { webhook { id } } }
}"""


async def test_a_failing_webhook_is_retried_with_backoff_then_given_up(
    owner: GraphQLClient,
    brand: str,
    workers: Workers,
    failing_endpoint: tuple[type[FailingReceiver], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: an endpoint that always answers 500, three attempts, backoff 1 s then 2 s
    monkeypatch.setenv("IYS_NOTIFY_WEBHOOKS_DEVELOPMENT", "true")
    handler, url = failing_endpoint
    created = await owner.data(CREATE_WEBHOOK, {"input": {"brandId": brand, "url": url}})
    assert created["createWebhook"]["__typename"] == "CreatedWebhook", created
    await record(owner, brand, "05551234567", consentDate=now_in_istanbul())
    # when
    workers.start(IYS_NOTIFY_WEBHOOK_MAX_ATTEMPTS="3")
    delivery = await eventually(
        lambda: WebhookDelivery.filter(status=DeliveryStatus.FAILED.value).first(),
        "the delivery given up",
        workers,
    )
    # then: three POSTs, each retry no sooner than its backoff after the previous one
    assert delivery is not None
    assert (delivery.attempts, delivery.response_status) == (3, 500)
    first, second, third = handler.arrivals
    # The retry is due ``backoff`` after the failure is recorded, which is after the POST
    # arrived; PostgreSQL's now() (the queue's clock) is the transaction's start, so allow the
    # arrival clock a little slack against it.
    slack = 0.1
    assert second - first >= backoff(1, 1).total_seconds() - slack
    assert third - second >= backoff(1, 2).total_seconds() - slack
    assert await WebhookDelivery.all().count() == 1


def test_the_worker_refuses_to_start_without_postgresql(tmp_path: Path) -> None:
    # when
    done = subprocess.run(  # noqa: S603 - our own command
        [str(IYS), "worker"],
        env={"PATH": "/usr/bin:/bin", "IYS_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # then
    assert done.returncode == 2
    assert "PostgreSQL" in done.stderr
