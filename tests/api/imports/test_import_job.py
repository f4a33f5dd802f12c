"""importJob and importJobs: live counters, row errors, isolation, and resuming after a crash."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from schema.relay import pk_of, to_global_id
from server.core.runtime import Runtime
from tenants.consents.models import ConsentMovement
from tenants.imports import runner
from tenants.imports.models import ImportJob
from tests.api.imports.files import (
    JOB,
    Generated,
    generate,
    import_file,
    job_with_all_errors,
    remove,
)
from tests.graphql import GraphQLClient, make_brand, sign_up

BATCH = 50  # import_batch_rows in the test settings

JOBS = """
query Jobs($brandId: ID, $first: Int, $after: String) {
  importJobs(brandId: $brandId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id fileName } }
  }
}"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(tmp_path_factory.mktemp("job-files"), "csv")


@pytest.fixture
async def owner(client: GraphQLClient) -> GraphQLClient:
    return await sign_up(client, "ajans")


@pytest.fixture
async def brand(owner: GraphQLClient) -> str:
    return await make_brand(owner)


@pytest.fixture
async def finished_job(
    owner: GraphQLClient, brand: str, runtime: Runtime, generated: Generated
) -> str:
    job = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    return str(job["id"])


async def job_state(client: GraphQLClient, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = (await client.data(JOB, {"id": job_id}))["importJob"]
    return job


async def movements_of(job_id: str) -> int:
    return await ConsentMovement.filter(import_job_id=pk_of(job_id, "ImportJob")).count()


async def test_counters_move_while_the_job_runs(
    owner: GraphQLClient,
    brand: str,
    runtime: Runtime,
    generated: Generated,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the job pauses after its first batch
    first_batch_done, go_on = asyncio.Event(), asyncio.Event()
    commit = runner.commit_batch

    async def pausing(job: ImportJob, batch: runner.CheckedBatch) -> None:
        await commit(job, batch)
        first_batch_done.set()
        await go_on.wait()

    monkeypatch.setattr(runner, "commit_batch", pausing)
    job = await import_file(owner, brand, generated.path)
    await asyncio.wait_for(first_batch_done.wait(), timeout=10)
    # when
    running = await job_state(owner, job["id"])
    go_on.set()
    await runtime.jobs.drain()
    # then
    assert running["status"] == "RUNNING"
    assert running["startedAt"] is not None
    assert (running["totalRows"], running["processedRows"]) == (generated.rows, BATCH)
    assert running["acceptedRows"] + running["rejectedRows"] == BATCH
    assert running["errors"]["totalCount"] == running["rejectedRows"]
    assert (await job_state(owner, job["id"]))["status"] == "SUCCEEDED"


def crash_on_batch(number: int) -> Callable[..., Awaitable[Any]]:
    """apply_batch that writes batch ``number`` and then dies, as a killed process would."""
    apply = runner.apply_batch
    calls = 0

    async def crashing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        outcome = await apply(*args, **kwargs)
        if calls == number:
            raise asyncio.CancelledError
        return outcome

    return crashing


async def test_a_crash_leaves_whole_batches_and_the_resumed_job_ends_as_if_uninterrupted(
    owner: GraphQLClient,
    brand: str,
    runtime: Runtime,
    generated: Generated,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the job is cut off while its third batch is written
    monkeypatch.setattr(runner, "apply_batch", crash_on_batch(3))
    job = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    cut = await job_with_all_errors(owner, job["id"])
    movements_at_cut = await movements_of(job["id"])
    monkeypatch.undo()
    # when
    resumed = await runner.resume_interrupted_jobs(runtime.jobs)
    await runtime.jobs.drain()
    final = await job_with_all_errors(owner, job["id"])
    # then: the cut job holds exactly two batches, counters and data alike
    assert cut["status"] == "RUNNING"
    assert cut["processedRows"] == 2 * BATCH
    assert cut["acceptedRows"] + cut["rejectedRows"] == cut["processedRows"]
    assert movements_at_cut == cut["acceptedRows"]
    assert {e["line"]: e["code"] for e in cut["allErrors"]} == {
        line: code for line, code in generated.bad_lines.items() if line <= 2 * BATCH + 1
    }
    # and the resumed job ends exactly as an uninterrupted run would
    assert resumed == 1
    assert final["status"] == "SUCCEEDED"
    assert {e["line"]: e["code"] for e in final["allErrors"]} == generated.bad_lines
    assert final["acceptedRows"] == generated.rows - len(generated.bad_lines)
    assert final["processedRows"] == final["totalRows"] == generated.rows
    assert await movements_of(job["id"]) == final["acceptedRows"]


async def test_a_job_whose_file_is_gone_fails_on_resume(
    owner: GraphQLClient,
    brand: str,
    runtime: Runtime,
    generated: Generated,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    monkeypatch.setattr(runner, "apply_batch", crash_on_batch(2))
    job = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    monkeypatch.undo()
    stored = await ImportJob.get(id=pk_of(job["id"], "ImportJob"))
    remove(stored.stored_path)
    # when
    await runner.resume_interrupted_jobs(runtime.jobs)
    await runtime.jobs.drain()
    # then
    final = await job_state(owner, job["id"])
    assert (final["status"], final["failureCode"]) == ("FAILED", "FILE_MISSING")
    assert (
        final["failureMessage"] == "Yüklenen dosya sunucuda bulunamadı; dosyayı yeniden yükleyin."
    )
    assert final["processedRows"] == BATCH
    assert final["finishedAt"] is not None


async def test_row_errors_page_in_line_order(
    owner: GraphQLClient, finished_job: str, generated: Generated
) -> None:
    # when
    job = await job_with_all_errors(owner, finished_job)
    # then
    lines = [error["line"] for error in job["allErrors"]]
    assert lines == sorted(generated.bad_lines)
    assert job["errors"]["totalCount"] == len(lines)


async def test_another_tenants_job_is_null_like_a_missing_one(
    client: GraphQLClient, finished_job: str
) -> None:
    # given
    stranger = await sign_up(client, "baska", email="baska@example.com")
    query = "query($id: ID!) { importJob(id: $id) { id } }"
    # when
    answers = [
        await stranger.data(query, {"id": job_id})
        for job_id in (finished_job, to_global_id("ImportJob", 987654), "bozuk")
    ]
    # then
    assert answers == [{"importJob": None}] * 3


async def test_node_resolves_an_import_job(owner: GraphQLClient, finished_job: str) -> None:
    # when
    data = await owner.data(
        "query($id: ID!) { node(id: $id) { __typename ... on ImportJob { id status } } }",
        {"id": finished_job},
    )
    # then
    assert data["node"] == {"__typename": "ImportJob", "id": finished_job, "status": "SUCCEEDED"}


async def test_import_jobs_lists_a_brands_jobs_newest_first(
    owner: GraphQLClient, brand: str, runtime: Runtime, generated: Generated
) -> None:
    # given
    other_brand = await make_brand(owner, iys_code=700002, brand_code=700002)
    first = await import_file(owner, brand, generated.path)
    second = await import_file(owner, brand, generated.path)
    elsewhere = await import_file(owner, other_brand, generated.path)
    await runtime.jobs.drain()
    # when
    page_one = (await owner.data(JOBS, {"brandId": brand, "first": 1}))["importJobs"]
    after = page_one["pageInfo"]["endCursor"]
    page_two = (await owner.data(JOBS, {"brandId": brand, "first": 1, "after": after}))[
        "importJobs"
    ]
    everything = (await owner.data(JOBS, {}))["importJobs"]
    # then
    assert [edge["node"]["id"] for edge in page_one["edges"]] == [second["id"]]
    assert [edge["node"]["id"] for edge in page_two["edges"]] == [first["id"]]
    assert (page_one["totalCount"], page_two["pageInfo"]["hasNextPage"]) == (2, False)
    ids = [edge["node"]["id"] for edge in everything["edges"]]
    assert ids == [elsewhere["id"], second["id"], first["id"]]


async def test_import_jobs_of_another_tenants_brand_is_empty(
    client: GraphQLClient, brand: str, finished_job: str
) -> None:
    # given
    stranger = await sign_up(client, "baska", email="baska@example.com")
    # when
    foreign = (await stranger.data(JOBS, {"brandId": brand}))["importJobs"]
    everything = (await stranger.data(JOBS, {}))["importJobs"]
    # then
    assert (
        foreign
        == everything
        == {
            "totalCount": 0,
            "pageInfo": {"hasNextPage": False, "endCursor": None},
            "edges": [],
        }
    )


async def test_anonymous_caller_cannot_read_jobs(client: GraphQLClient, finished_job: str) -> None:
    # when
    body = await client.as_token(None).post(JOB, {"id": finished_job})
    # then
    assert body["data"] == {"importJob": None}
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
