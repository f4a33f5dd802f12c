"""``iys serve`` as operators run it: JSON logs with request ids, SIGTERM, several processes.

Each test starts a real server process on a free loopback port.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from server.core.settings import Settings
from tests.ops.served import finish_request, open_request, served, until

GENERATED = re.compile(r"[0-9a-f]{32}")
ME = b'{"query": "query InFlight { me { id } }"}'


@pytest.mark.parametrize("backend", ["sqlite"])
def test_log_lines_are_json_and_carry_the_request_id(settings: Settings, tmp_path: Path) -> None:
    with served(settings, tmp_path / "server.log") as server:
        # when
        server.graphql("query Traced { me { id } }", headers={"x-request-id": "trace-me-1"})
        hostile = "h" * 5000 + "!"
        status, headers, _ = server.get("/healthz", headers={"x-request-id": hostile})
        server.terminate()
        assert server.wait() == 0
        lines = server.lines()
    # then every line is one JSON object with the fields, uvicorn's lines included
    assert lines
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id"} <= line.keys()
    access = [line for line in lines if line["logger"] == "uvicorn.access"]
    traced = [line for line in access if line["request_id"] == "trace-me-1"]
    assert len(traced) == 1
    assert "POST /graphql" in traced[0]["message"]
    # and a hostile id was replaced, in the answer and in the log alike
    assert status == 200
    replaced = headers["x-request-id"]
    assert GENERATED.fullmatch(replaced)
    assert [line["message"] for line in access if line["request_id"] == replaced]
    assert hostile not in server.log.read_text()


def test_sigterm_drains_then_finishes_in_flight_requests_and_exits_0(
    settings: Settings, tmp_path: Path
) -> None:
    # given a server that goes on accepting 5 s after SIGTERM, and a request in flight
    extra = {"IYS_SHUTDOWN_DRAIN_SECONDS": "5", "IYS_SHUTDOWN_GRACE_SECONDS": "60"}
    with served(settings, tmp_path / "server.log", **extra) as server:
        assert server.get("/readyz")[0] == 200
        in_flight = open_request(server.port, ME, send=10, request_id="in-flight-1")
        # when
        server.terminate()
        # then readiness fails at once while the process still serves
        ready = server.get("/readyz")
        alive = server.get("/healthz")
        assert ready[0] == 503
        assert json.loads(ready[2]) == {"status": "unavailable", "checks": {"shutdown": "draining"}}
        assert alive[0] == 200
        # then it stops accepting, and the request in flight still gets its whole answer
        until(lambda: not server.accepts_connections())
        answer = finish_request(in_flight, ME[10:])
        assert answer.startswith(b"HTTP/1.1 200")
        assert b"x-request-id: in-flight-1" in answer.lower()
        assert answer.endswith(b'{"data":{"me":null}}')
        assert server.wait() == 0
    messages = [line["message"] for line in server.lines()]
    assert any("shutdown started" in m for m in messages)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_request_outliving_the_grace_period_is_cut_and_the_exit_is_still_0(
    settings: Settings, tmp_path: Path
) -> None:
    # given a request that never finishes sending its body
    extra = {"IYS_SHUTDOWN_GRACE_SECONDS": "1"}
    with served(settings, tmp_path / "server.log", **extra) as server:
        stuck = open_request(server.port, ME, send=10, request_id="stuck-1")
        # when
        server.terminate()
        # then
        assert server.wait() == 0
        stuck.close()
    assert any("timeout graceful shutdown exceeded" in line["message"] for line in server.lines())


@pytest.mark.parametrize("backend", ["sqlite"])
def test_several_processes_report_their_sum(settings: Settings, tmp_path: Path) -> None:
    # given two server processes sharing one multiprocess directory, as --workers would
    shared = tmp_path / "prometheus"
    shared.mkdir()
    extra = {"PROMETHEUS_MULTIPROC_DIR": str(shared)}
    with (
        served(settings, tmp_path / "a.log", **extra) as first,
        served(settings, tmp_path / "b.log", **extra) as second,
    ):
        # when each answers its own operation
        first.graphql("query FromFirst { me { id } }")
        second.graphql("query FromSecond { me { id } }")
        second.graphql("query FromSecond { me { id } }")
        status, _, body = first.get("/metrics")
        for server in (first, second):
            server.terminate()
            assert server.wait() == 0
    # then one scrape of either shows both processes' counts
    assert status == 200
    text = body.decode()
    assert _count(text, "FromFirst") == 1
    assert _count(text, "FromSecond") == 2


def _count(text: str, operation: str) -> float:
    pattern = re.compile(
        r"^izinhub_graphql_operation_duration_seconds_count\{([^}]*)\} (\S+)$", re.MULTILINE
    )
    for labels, value in pattern.findall(text):
        if f'operation_name="{operation}"' in labels:
            return float(value)
    return 0.0
