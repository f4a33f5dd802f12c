"""The process's Prometheus metrics, and the label guards that keep their cardinality bounded.

Metrics live in prometheus-client's default registry. With ``PROMETHEUS_MULTIPROC_DIR`` set
before the process starts, the library keeps every value in a memory-mapped file there and
/metrics adds up the files of every worker process (server/operations.py).

Labels never carry raw client input: routes are templates, methods and status classes come
from fixed sets, and client-chosen names (GraphQL operation names) pass through `BoundedLabels`.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import Counter, Histogram, disable_created_metrics

# A *_created series per labelled series would double a scrape for little use.
disable_created_metrics()  # type: ignore[no-untyped-call]

OTHER = "other"
ANONYMOUS = "anonymous"
# Imports and uploads may take minutes; the default buckets end at 10 s.
SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

http_request_seconds = Histogram(
    "izinhub_http_request_duration_seconds",
    "HTTP requests by method, route template and status class; _count is the request count.",
    ["method", "route", "status"],
    buckets=SECONDS_BUCKETS,
)
graphql_operation_seconds = Histogram(
    "izinhub_graphql_operation_duration_seconds",
    "GraphQL queries and mutations by operation type and (bounded) operation name.",
    ["operation_type", "operation_name"],
    buckets=SECONDS_BUCKETS,
)
graphql_errors = Counter(
    "izinhub_graphql_errors",
    "Entries of GraphQL responses' errors lists, by extensions.code.",
    ["code"],
)
import_rows = Counter(
    "izinhub_import_rows",
    "Import rows committed, by outcome (accepted or rejected).",
    ["outcome"],
)


class BoundedLabels:
    """Admits at most ``limit`` distinct values matching ``pattern``; anything else is "other".

    Each process keeps its own set, so across N worker processes a label has at most
    N × ``limit`` values.
    """

    def __init__(self, pattern: str, limit: int) -> None:
        self._pattern = re.compile(pattern)
        self._limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        if not self._pattern.fullmatch(value):
            return OTHER
        with self._lock:
            if value in self._seen:
                return value
            if len(self._seen) >= self._limit:
                return OTHER
            self._seen.add(value)
            return value


OPERATION_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,63}"
# Signed-in callers' operation names, and a small budget of its own for anonymous requests, so
# names made up by anyone cannot use up the labels of the tenants' own clients.
operation_names = BoundedLabels(OPERATION_NAME, limit=200)
anonymous_operation_names = BoundedLabels(OPERATION_NAME, limit=20)
error_codes = BoundedLabels(r"[A-Z][A-Z0-9_]{0,63}", limit=100)


def count_graphql_error(code: object) -> None:
    graphql_errors.labels(error_codes(code) if isinstance(code, str) else OTHER).inc()


def count_import_rows(accepted: int, rejected: int) -> None:
    import_rows.labels("accepted").inc(accepted)
    import_rows.labels("rejected").inc(rejected)
