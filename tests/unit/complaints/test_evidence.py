"""The verdict from the evidence, and the screenshot checks."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from server.core.errors import ValidationFailed
from tenants.complaints.evidence import Evidence, verdict
from tenants.complaints.models import Verdict
from tenants.complaints.screenshots import MAX_SCREENSHOT_BYTES, read_screenshot

AT = datetime(2026, 12, 3, 10, tzinfo=UTC)


def _evidence(status: str) -> Evidence:
    return Evidence(status, "HS_WEB", AT, AT, "a" * 64)


@pytest.mark.parametrize(
    ("evidence", "informational", "expected"),
    [
        (None, None, Verdict.NO_CONSENT),
        (_evidence("ONAY"), None, Verdict.CONSENT_VALID),
        (_evidence("RET"), None, Verdict.REJECTED_BEFORE),
        (_evidence("RET"), "INVOICE", Verdict.EXEMPT),
        (None, "DELIVERY", Verdict.EXEMPT),
    ],
)
def test_verdict(evidence: Evidence | None, informational: str | None, expected: Verdict) -> None:
    assert verdict(evidence, informational) is expected


@pytest.mark.parametrize(
    ("head", "extension"),
    [
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xff\xd8\xff\xe0", "jpg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
    ],
)
def test_images_are_known_by_their_bytes(head: bytes, extension: str) -> None:
    assert read_screenshot(io.BytesIO(head + bytes(64))).extension == extension


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a" + bytes(64), "SCREENSHOT_FORMAT"),
        (b"\x89PNG\r\n\x1a\n", "SCREENSHOT_FORMAT"),
        (b"\x89PNG\r\n\x1a\n" + bytes(MAX_SCREENSHOT_BYTES), "SCREENSHOT_TOO_LARGE"),
    ],
)
def test_other_files_are_refused(data: bytes, code: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_screenshot(io.BytesIO(data))
    assert (refused.value.code, refused.value.field) == (code, "screenshot")
