"""The embedded job engine: keys, retries at a named time, periodic jobs, graceful shutdown."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from server.core.clock import clock
from server.core.jobs import InProcessJobs, JobDefinition, RetryLater, UnknownJob
from server.core.settings import Settings


async def test_a_key_has_at_most_one_job_queued_or_running() -> None:
    # given: a job that waits until released
    release, runs = asyncio.Event(), []

    async def slow(n: int) -> None:
        runs.append(n)
        await release.wait()

    jobs = InProcessJobs()
    jobs.register(JobDefinition("slow", slow))
    # when
    first = await jobs.enqueue("slow", {"n": 1}, key="k")
    twin = await jobs.enqueue("slow", {"n": 2}, key="k")
    other = await jobs.enqueue("slow", {"n": 3}, key="other")
    release.set()
    await jobs.drain()
    after = await jobs.enqueue("slow", {"n": 4}, key="k")
    await jobs.drain()
    # then: the key is free again once its job has ended
    assert (first, twin, other, after) == (True, False, True, True)
    assert sorted(runs) == [1, 3, 4]


async def test_retry_later_runs_the_job_again_at_the_named_time() -> None:
    # given: a job that asks to be run again twice
    attempts: list[int] = []

    async def flaky() -> None:
        attempts.append(len(attempts) + 1)
        if len(attempts) < 3:
            raise RetryLater(clock.now() + timedelta(milliseconds=10))

    jobs = InProcessJobs()
    jobs.register(JobDefinition("flaky", flaky))
    # when
    await jobs.enqueue("flaky", key="f")
    await jobs.drain()
    # then
    assert attempts == [1, 2, 3]


async def test_an_unknown_job_is_refused() -> None:
    with pytest.raises(UnknownJob):
        await InProcessJobs().enqueue("nothing")


async def test_shutdown_lets_running_jobs_finish_within_the_grace_period() -> None:
    # given: one job that ends soon, one that never would, one waiting for its time
    ended: list[str] = []

    async def job(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        ended.append(name)

    jobs = InProcessJobs(grace_seconds=1)
    jobs.register(JobDefinition("job", job))
    await jobs.enqueue("job", {"name": "quick", "seconds": 0.05})
    await jobs.enqueue("job", {"name": "endless", "seconds": 3600})
    await jobs.enqueue("job", {"name": "later", "seconds": 0}, at=clock.now() + timedelta(hours=1))
    await asyncio.sleep(0)
    # when
    await jobs.shutdown()
    refused = await jobs.enqueue("job", {"name": "after", "seconds": 0})
    # then: the quick one finished, the others were cancelled (their rows resume them)
    assert ended == ["quick"]
    assert refused is False


async def test_a_periodic_job_runs_on_its_beat_until_shutdown() -> None:
    # given
    beats = asyncio.Event()

    async def scan() -> None:
        beats.set()

    jobs = InProcessJobs()
    jobs.register(JobDefinition("scan", scan, every_seconds=0.01))
    # when
    await jobs.start()
    await asyncio.wait_for(beats.wait(), timeout=10)
    await jobs.shutdown()
    # then
    assert beats.is_set()


def test_the_engine_follows_the_database_unless_chosen(tmp_path: Path) -> None:
    # given
    sqlite = Settings(data_dir=tmp_path)
    postgres = Settings(data_dir=tmp_path, database_url="postgres://u@db/izinhub")
    chosen = Settings(
        data_dir=tmp_path, database_url="postgres://u@db/izinhub", job_engine="inprocess"
    )
    # then
    assert sqlite.resolved_job_engine == "inprocess"
    assert postgres.resolved_job_engine == "procrastinate"
    assert chosen.resolved_job_engine == "inprocess"
    with pytest.raises(ValidationError, match="PostgreSQL"):
        Settings(data_dir=tmp_path, job_engine="procrastinate")
