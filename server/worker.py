"""``iys worker``: one process taking background jobs from the PostgreSQL queue.

Run one or several (on one machine or many): they share the queue safely. On SIGTERM or SIGINT
a worker takes no new job, gives running ones ``IYS_JOB_GRACE_SECONDS`` to finish, cancels the
rest and queues them again; an import carries on after its last committed batch.
"""

from __future__ import annotations

import logging
import sys

from server.background import install_jobs
from server.core.db import close_db, init_db
from server.core.logs import configure_logging
from server.core.procrastinate_jobs import ProcrastinateJobs
from server.core.settings import Settings
from tenants.imports.runner import resume_interrupted_jobs

log = logging.getLogger("izinhub.worker")
EXIT_OK = 0
EXIT_MISCONFIGURED = 2


async def run_worker(settings: Settings) -> int:
    """Work until stopped; returns the process exit code."""
    if settings.resolved_job_engine != "procrastinate":
        print(
            "iys worker runs the PostgreSQL job queue: set IYS_DATABASE_URL to PostgreSQL "
            "(IYS_JOB_ENGINE empty or procrastinate). On SQLite the server runs the jobs itself.",
            file=sys.stderr,
        )
        return EXIT_MISCONFIGURED
    configure_logging(settings)  # the same lines as iys serve: JSON by default
    queue = ProcrastinateJobs(settings)
    install_jobs(queue, settings)
    await init_db(settings)
    try:
        await queue.start()
        try:
            log.info("%d interrupted imports queued again", await resume_interrupted_jobs(queue))
            await queue.run_worker()
        finally:
            await queue.shutdown()
    finally:
        await close_db()
    return EXIT_OK
