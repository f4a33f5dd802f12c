"""The consents table follows the `consentChanged` subscription (graphql-transport-ws on
/graphql): a consent recorded through the API appears without reloading, with a polite notice.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, new_context, serving
from tests.e2e.test_agency_day import (
    PASSWORD,
    choose_brand,
    create_provider_and_brand,
    expect,
    no_horizontal_scroll,
    sign_up,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

RECORD = """
mutation Record($input: RecordConsentInput!) {
  recordConsent(input: $input) { __typename ... on Consent { id recipient } }
}
"""
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }"
SHORT_TOKEN_SECONDS = 12


def _record(server: LiveServer, brand_id: str, recipient: str, token: str) -> None:
    consent = {
        "brandId": brand_id,
        "recipient": recipient,
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    answer = server.graphql(RECORD, {"input": consent}, token=token)
    assert answer["data"]["recordConsent"]["__typename"] == "Consent", answer


def test_consent_recorded_through_the_api_appears_live(page: Page, live_server: LiveServer) -> None:
    slug = "canli-ajans"
    sign_up(page, "Canlı Ajans", slug, f"deniz@{slug}.com.tr")
    create_provider_and_brand(page, "Canlı Ticaret A.Ş.", 700090, "Canlı Mağazaları")
    choose_brand(page, "Canlı Ticaret A.Ş.")
    expect()(page.get_by_role("heading", name="İzinler")).to_be_visible()
    notice = page.locator(".live-notice")
    expect()(notice).to_have_attribute("aria-live", "polite")
    expect()(notice).to_have_text("")

    match = re.search(r"/b/([^/]+)/consents", page.url)
    assert match
    brand_id = unquote(match.group(1))
    token = json.loads(page.evaluate("localStorage.getItem('izinhub.session')"))["accessToken"]
    # A marker that a reload would wipe; and the socket must be subscribed before we record.
    page.evaluate("window.__noReload = true")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)

    answer = live_server.graphql(
        RECORD,
        {
            "input": {
                "brandId": brand_id,
                "recipient": "+905550009001",
                "type": "MESAJ",
                "status": "ONAY",
                "source": "HS_WEB",
                "consentDate": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        },
        token=token,
    )
    assert answer["data"]["recordConsent"]["__typename"] == "Consent", answer

    expect()(page.get_by_role("link", name="+905550009001")).to_be_visible()
    expect()(notice).to_contain_text("Yeni hareket: +905550009001")
    assert page.evaluate("window.__noReload") is True

    # A burst (an import, another tab): the page re-reads at most once per 2 seconds, and says
    # one summary of what came since the last re-read, ending with the latest movement.
    page.wait_for_timeout(2500)
    reads: list[float] = []

    def count_read(request: Any) -> None:
        if request.method == "POST" and "query Consents(" in (request.post_data or ""):
            reads.append(time.monotonic())

    page.on("request", count_read)
    started = time.monotonic()
    burst = [f"+9055500091{i:02d}" for i in range(30)]
    for recipient in burst:
        _record(live_server, brand_id, recipient, token)
    took = time.monotonic() - started
    expect()(notice).to_contain_text(f"yeni hareket; sonuncusu: {burst[-1]}")
    expect()(page.get_by_role("link", name=burst[-1])).to_be_visible()
    page.wait_for_timeout(2500)
    page.remove_listener("request", count_read)
    assert 1 <= len(reads) <= took / 2 + 3, (len(reads), took)
    assert all(b - a >= 1.8 for a, b in zip(reads, reads[1:], strict=False)), reads

    # The live line is ellipsized at 390 px: the page does not get wider.
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def short_token_server(
    tmp_path_factory: pytest.TempPathFactory, built_frontend: Path
) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("e2e-short-tokens")
    with serving(data_dir, IYS_ACCESS_TOKEN_SECONDS=str(SHORT_TOKEN_SECONDS)) as server:
        yield server


def test_the_table_stays_live_after_the_token_it_subscribed_with_expires(
    browser: Browser, short_token_server: LiveServer
) -> None:
    # given a consents table subscribed with an access token that lives 12 seconds
    server = short_token_server
    context = new_context(browser, server.url)
    page = context.new_page()
    try:
        slug, email = "suresi-dolan", "deniz@suresi-dolan.com.tr"
        sign_up(page, "Süresi Dolan Ajans", slug, email)
        create_provider_and_brand(page, "Süre Ticaret A.Ş.", 700091, "Süre Mağazaları")
        choose_brand(page, "Süre Ticaret A.Ş.")
        match = re.search(r"/b/([^/]+)/consents", page.url)
        assert match
        brand_id = unquote(match.group(1))
        page.evaluate("window.__noReload = true")
        page.wait_for_load_state("networkidle")
        # when that token has expired (the server refuses to push to an expired token)
        page.wait_for_timeout((SHORT_TOKEN_SECONDS + 6) * 1000)
        login = {"i": {"tenant": slug, "email": email, "password": PASSWORD}}
        token = server.graphql(LOGIN, login)["data"]["login"]["accessToken"]
        _record(server, brand_id, "+905550009101", token)
        page.wait_for_timeout(2000)
        _record(server, brand_id, "+905550009102", token)
        # then the table still follows the brand, without a reload
        expect()(page.get_by_role("link", name="+905550009101")).to_be_visible()
        expect()(page.get_by_role("link", name="+905550009102")).to_be_visible()
        assert page.evaluate("window.__noReload") is True
    finally:
        context.close()
