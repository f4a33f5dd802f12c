"""The label guard and the JSON log line, without a server."""

from __future__ import annotations

import json
import logging
import sys

from server.core.logs import JsonLineFormatter, RequestIdFilter, request_id_var
from server.core.metrics import OTHER, BoundedLabels


def test_bounded_labels_admit_sane_names_up_to_the_limit() -> None:
    # given
    names = BoundedLabels(r"[A-Za-z_][A-Za-z0-9_]{0,63}", limit=2)
    # when
    answers = [names(n) for n in ("First", "Second", "First", "Third", "Second")]
    # then
    assert answers == ["First", "Second", "First", OTHER, "Second"]


def test_bounded_labels_refuse_names_that_do_not_match() -> None:
    # given
    names = BoundedLabels(r"[A-Za-z_][A-Za-z0-9_]{0,63}", limit=100)
    # when / then
    for hostile in ("a" * 65, 'a"}', "", "9lives", "naïve", "a b", "a\nb"):
        assert names(hostile) == OTHER
    assert names("a" * 64) == "a" * 64


def _record(message: str, exc_info: bool = False) -> logging.LogRecord:
    info = sys.exc_info() if exc_info else None
    record = logging.LogRecord("izinhub.test", logging.ERROR, __file__, 1, message, (), info)
    RequestIdFilter().filter(record)
    return record


def test_a_json_line_has_the_fields_and_the_request_id() -> None:
    # given
    token = request_id_var.set("req-7")
    try:
        record = _record('line\nwith a break and "quotes"')
    finally:
        request_id_var.reset(token)
    # when
    line = JsonLineFormatter().format(record)
    # then
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR"
    assert data["logger"] == "izinhub.test"
    assert data["message"] == 'line\nwith a break and "quotes"'
    assert data["request_id"] == "req-7"
    assert data["time"].endswith("+00:00")


def test_an_exception_is_one_field_of_the_line() -> None:
    # given
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("failed", exc_info=True)
    # when
    data = json.loads(JsonLineFormatter().format(record))
    # then
    assert data["request_id"] is None
    assert data["exception"].startswith("Traceback")
    assert "ValueError: boom" in data["exception"]


def test_a_rejection_token_never_reaches_the_access_log() -> None:
    from server.core.logs import SecretPathFilter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.7:4000", "POST", "/ret/Zm9vYmFyc2VjcmV0?x=1", "1.1", 200),
        None,
    )
    SecretPathFilter().filter(record)
    assert record.getMessage() == '203.0.113.7:4000 - "POST /ret/[redacted]?x=1 HTTP/1.1" 200'
