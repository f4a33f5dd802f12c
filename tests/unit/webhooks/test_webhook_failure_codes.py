"""A failed webhook try is stored as a code the web app translates, never Python's text."""

from __future__ import annotations

import http.client
import ssl

import pytest

from tenants.webhooks.delivery import failure_code


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (TimeoutError("timed out"), "TIMEOUT"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "TLS_ERROR"),
        (ssl.SSLError(1, "wrong version number"), "TLS_ERROR"),
        (ConnectionRefusedError(111, "Connection refused"), "CONNECTION_REFUSED"),
        (ConnectionResetError(104, "Connection reset by peer"), "CONNECTION_FAILED"),
        (OSError(113, "No route to host"), "CONNECTION_FAILED"),
        (http.client.BadStatusLine("garbage"), "PROTOCOL_ERROR"),
        (http.client.RemoteDisconnected("closed"), "CONNECTION_FAILED"),
    ],
)
def test_each_failure_has_its_code(error: OSError | http.client.HTTPException, code: str) -> None:
    assert failure_code(error) == code
