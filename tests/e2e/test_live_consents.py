"""The consents table follows the `consentChanged` subscription (graphql-transport-ws on
/graphql): a consent recorded through the API appears without reloading, with a polite notice.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.test_agency_day import choose_brand, create_provider_and_brand, expect, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

RECORD = """
mutation Record($input: RecordConsentInput!) {
  recordConsent(input: $input) { __typename ... on Consent { id recipient } }
}
"""


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
