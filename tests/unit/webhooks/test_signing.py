"""Webhook signatures, retry backoff and the reconciliation's date format."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from tenants.consents.reconciliation import iys_time
from tenants.notifications.outbox import backoff
from tenants.webhooks.delivery import signature


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    # given
    body = b'{"list":[]}'
    # when
    signed = signature("whsec_x", 1764759600, body)
    # then
    expected = hmac.new(b"whsec_x", b"1764759600." + body, hashlib.sha256).hexdigest()
    assert signed == f"sha256={expected}"


def test_backoff_doubles_up_to_six_hours() -> None:
    assert [backoff(30, n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
    ]
    assert backoff(30, 40) == timedelta(hours=6)


def test_reconciliation_dates_are_istanbul_time_in_iys_format() -> None:
    assert iys_time(datetime(2026, 12, 3, 21, 30, 5, 999, tzinfo=UTC)) == "2026-12-04 00:30:05"
    assert iys_time(None) == ""
