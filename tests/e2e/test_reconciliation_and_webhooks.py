"""The daily reconciliation and the webhooks screens in the browser, against the real server.

Reconciliation: the day's CSV is downloaded, its bytes checked against the hash the page shows,
İYS's hash compared; webhooks: created (the secret shown once), paused, resumed, deleted, and a
private address refused. Screens are saved to frontend/screenshots/ on the way.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, screenshot
from tests.e2e.test_agency_day import (
    PASSWORD,
    VALID_TIN,
    choose_brand,
    create_provider_and_brand,
    expect,
    field,
    nav,
    no_horizontal_scroll,
    sign_up,
)
from tests.e2e.test_team_and_portal import record_consent

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

HEADER = "creationDate,transactionId,recipient,recipientType,type,status,consentDate,source"
WEBHOOKS = """query { webhooks(first: 50) { totalCount edges { node { url events active } } } }"""


def istanbul_today() -> datetime:
    return datetime.now(ZoneInfo("Europe/Istanbul"))


def access_token(page: Page) -> str:
    token: str = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session')).accessToken")
    return token


def foreign_brand(
    live_server: LiveServer, slug: str = "yabanci-mutabakat", code: int = 700099
) -> str:
    """A brand of another tenant, made through the API."""
    signed_up = live_server.graphql(
        """mutation($input: SignUpInput!) { signUp(input: $input) {
             ... on AuthPayload { accessToken } ... on AuthError { code } } }""",
        {
            "input": {
                "tenantName": "Yabancı Ajans",
                "tenantSlug": slug,
                "email": f"kim@{slug}.com.tr",
                "password": PASSWORD,
                "fullName": "Kim Yabancı",
            }
        },
    )
    token = signed_up["data"]["signUp"]["accessToken"]
    provider = live_server.graphql(
        """mutation($input: CreateProviderInput!) { createProvider(input: $input) {
             ... on Provider { id } } }""",
        {"input": {"title": "Yabancı A.Ş.", "iysCode": code, "tin": VALID_TIN}},
        token=token,
    )["data"]["createProvider"]["id"]
    brand: str = live_server.graphql(
        """mutation($input: CreateBrandInput!) { createBrand(input: $input) {
             ... on Brand { id } } }""",
        {"input": {"providerId": provider, "name": "Yabancı", "brandCode": code, "master": True}},
        token=token,
    )["data"]["createBrand"]["id"]
    return brand


def test_daily_reconciliation(page: Page, live_server: LiveServer) -> None:
    slug = "mutabakat-ajans"
    sign_up(page, "Mutabakat Ajans", slug, f"ayse@{slug}.com.tr")
    create_provider_and_brand(page, "Mutabakat Ticaret A.Ş.", 700020, "Mutabakat Mağazaları")
    choose_brand(page, "Mutabakat Ticaret A.Ş.")
    record_consent(page, "0555 000 20 01")
    record_consent(page, "0555 000 20 02")
    today = istanbul_today().date()

    # Yesterday by default, for the working brand: nothing happened then.
    nav(page, "Mutabakat")
    expect()(page.get_by_role("heading", name="Günlük mutabakat")).to_be_visible()
    expect()(page.get_by_label("Gün", exact=True)).to_have_value(
        (today - timedelta(days=1)).isoformat()
    )
    form = page.get_by_role("form", name="Günlük mutabakat")
    expect()(form.get_by_label("Marka", exact=True)).to_have_value(
        page.get_by_label("Marka", exact=True).first.input_value()  # the switcher's brand
    )
    expect()(page.get_by_test_id("recon-rows")).to_have_text("0")

    # Today: the two movements, the hash to copy, the file to download.
    page.get_by_label("Gün", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Göster").click()
    expect()(page).to_have_url(re.compile(rf"/reconciliation\?brand=[^&]+&day={today}$"))
    expect()(page.get_by_test_id("recon-rows")).to_have_text("2")
    shown_hash = page.get_by_label("SHA-384 özeti")
    expect()(shown_hash).to_have_value(re.compile(r"^[0-9a-f]{96}$"))
    expected_hash = shown_hash.input_value()

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator(".copy-field", has=shown_hash).get_by_role("button", name="Kopyala").click()
    expect()(page.get_by_text("Panoya kopyalandı.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == expected_hash

    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV dosyasını indir").click()
    download = download_info.value
    assert download.suggested_filename == f"mutabakat-700020-{today}.csv"
    content = Path(download.path()).read_bytes()
    assert hashlib.sha384(content).hexdigest() == expected_hash
    lines = content.decode("utf-8").split("\n")
    assert lines[0] == HEADER
    assert lines[-1] == ""
    rows = [line.split(",") for line in lines[1:-1]]
    assert sorted(r[2] for r in rows) == ["+905550002001", "+905550002002"]
    assert all(r[4:6] == ["MESAJ", "ONAY"] and r[0].startswith(str(today)) for r in rows)
    assert rows == sorted(rows, key=lambda r: (r[0], r[1]))
    expect()(page.get_by_test_id("recon-verification")).to_contain_text(
        "İndirilen dosya doğrulandı"
    )

    # İYS's hash pasted: a wrong one is a mismatch, the right one (any case) a match.
    iys_hash = page.get_by_label("İYS'nin bildirdiği özet (hashValue)")
    iys_hash.fill("g" * 96)  # the right length, but not hexadecimal: said so
    expect()(
        field(page, "İYS'nin bildirdiği özet (hashValue)").locator(".field-error")
    ).to_contain_text("onaltılık karakterlerden")
    iys_hash.fill("0" * 96)
    expect()(page.get_by_test_id("recon-compare")).to_contain_text("Eşleşmiyor")
    screenshot(page, "37a-reconciliation-mismatch")
    iys_hash.fill(expected_hash.upper())
    expect()(page.get_by_test_id("recon-compare")).to_contain_text("Eşleşiyor")
    screenshot(page, "37-reconciliation")

    # The API's typed refusals: a day after today, a malformed day, another tenant's brand.
    page.get_by_label("Gün", exact=True).fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Göster").click()
    expect()(field(page, "Gün").locator(".field-error")).to_contain_text("FUTURE_DAY")
    expect()(page.get_by_test_id("recon-summary")).to_have_count(0)
    brand_id = re.search(r"brand=([^&]+)", page.url).group(1)  # type: ignore[union-attr]
    page.goto(f"/reconciliation?brand={brand_id}&day=2026-02-30")
    # The date input cannot show an impossible day, so the words carry it.
    day_error = field(page, "Gün").locator(".field-error")
    expect()(day_error).to_contain_text("INVALID_DATE")
    expect()(day_error).to_contain_text("“2026-02-30” bir takvim günü değil")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    no_horizontal_scroll(page)
    # At 390 px the day has the form's full width (its hint and error do not wrap in a column).
    day_box = field(page, "Gün").bounding_box()
    form_box = form.locator(".filter-grid").bounding_box()
    assert day_box
    assert form_box
    assert day_box["width"] >= form_box["width"] - 2, (day_box, form_box)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    # Another tenant's brand (and garbage): the unknown-brand notice, not a general failure.
    page.goto(f"/reconciliation?brand={foreign_brand(live_server)}&day={today}")
    expect()(page.get_by_test_id("unknown-brand")).to_contain_text("markalarınız arasında değil")
    expect()(page.get_by_role("alert")).not_to_contain_text("NOT_FOUND")
    expect()(form.get_by_label("Marka", exact=True)).to_contain_text("Bilinmeyen marka")
    expect()(page.get_by_test_id("recon-summary")).to_have_count(0)
    page.goto(f"/reconciliation?brand=%3Cscript%3E&day={today}")
    expect()(page.get_by_test_id("unknown-brand")).to_be_visible()
    expect()(page.get_by_test_id("recon-summary")).to_have_count(0)

    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(f"/reconciliation?brand={brand_id}&day={today}")
    expect()(page.get_by_test_id("recon-rows")).to_have_text("2")
    no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


def webhook_list(live_server: LiveServer, token: str) -> Any:
    return live_server.graphql(WEBHOOKS, token=token)["data"]["webhooks"]


def test_webhooks(page: Page, live_server: LiveServer) -> None:
    slug = "kanca-ajans"
    sign_up(page, "Kanca Ajans", slug, f"ayse@{slug}.com.tr")
    create_provider_and_brand(page, "Kanca Ticaret A.Ş.", 700040, "Kanca Mağazaları")
    nav(page, "Web kancaları")
    expect()(page.get_by_role("heading", name="Web kancaları")).to_be_visible()
    expect()(page.get_by_text("Henüz web kancası yok.")).to_be_visible()
    form = page.get_by_role("form", name="Yeni web kancası")
    url = form.get_by_label("Adres")
    expect()(url).to_have_attribute("maxlength", "2000")

    # Refused, next to the field: a private address, then plain http.
    url.fill("https://10.0.0.5/izinhub")
    form.get_by_role("button", name="Web kancası ekle").click()
    expect()(field(page, "Adres").locator(".field-error")).to_contain_text(
        "WEBHOOK_PRIVATE_ADDRESS"
    )
    expect()(url).to_have_attribute("aria-invalid", "true")
    url.fill("http://crm.example.com/izinhub")
    form.get_by_role("button", name="Web kancası ekle").click()
    expect()(field(page, "Adres").locator(".field-error")).to_contain_text("INVALID_WEBHOOK_URL")

    # Created (a public address, written as an IP so no DNS is needed): the secret, once.
    hook = "https://1.1.1.1/izinhub"
    url.fill(hook)
    form.get_by_label("Yalnızca alıcıların yaptıkları").check()
    form.get_by_role("button", name="Web kancası ekle").click()
    secret = form.get_by_label("İmzalama anahtarı")
    expect()(secret).to_have_value(re.compile(r".{20,}"))
    expect()(form.get_by_test_id("webhook-secret")).to_contain_text("bir daha göremeyeceksiniz")
    expect()(secret).to_be_focused()  # the one-time secret, ready to copy
    expect()(field(page, "Adres").locator(".field-error")).to_have_count(0)
    table = page.get_by_test_id("webhooks-table")
    row = table.locator("tbody > tr", has_text=hook)
    expect()(row).to_contain_text("Yalnızca alıcıların yaptıkları")
    expect()(row).to_contain_text("Etkin")
    expect()(row).to_contain_text("Henüz gönderim yok")
    screenshot(page, "38-webhooks")
    token = access_token(page)
    assert webhook_list(live_server, token)["edges"] == [
        {"node": {"url": hook, "events": "RECIPIENT", "active": True}}
    ]

    # After a reload the secret is gone for good.
    page.reload()
    expect()(row).to_be_visible()
    expect()(page.get_by_label("İmzalama anahtarı")).to_have_count(0)

    # Paused, then resumed; the delivery log says nothing has been sent yet.
    row.get_by_role("button", name=f"Duraklat: {hook}").click()
    expect()(row).to_contain_text("Duraklatıldı")
    assert webhook_list(live_server, token)["edges"][0]["node"]["active"] is False
    row.get_by_role("button", name=f"Yeniden başlat: {hook}").click()
    expect()(row).to_contain_text("Etkin")
    assert webhook_list(live_server, token)["edges"][0]["node"]["active"] is True
    deliveries = table.get_by_role("button", name=f"Gönderimler: {hook}")
    deliveries.click()
    expect()(deliveries).to_have_attribute("aria-expanded", "true")
    expect()(table).to_contain_text("Bu kancaya henüz gönderim yapılmadı.")

    # Deleted after a question asked in the page.
    row.get_by_role("button", name=f"Sil: {hook}").click()
    question = page.get_by_role("group", name=re.compile("silinsin mi"))
    expect()(question.get_by_role("button", name="Evet, sil")).to_be_focused()
    question.get_by_role("button", name="Evet, sil").click()
    expect()(page.get_by_role("status")).to_contain_text("Web kancası silindi.")
    expect()(page.get_by_text("Henüz web kancası yok.")).to_be_visible()
    # Focus moves to the list's heading, never to the body.
    expect()(page.get_by_role("heading", name="0 web kancası")).to_be_focused()
    assert webhook_list(live_server, token)["totalCount"] == 0

    # A brand in the URL that is not one of ours (another tenant's, garbage): said so; the list
    # is not shown as "All", and the form creates for the brand it shows.
    for brand in (foreign_brand(live_server, "yabanci-kanca", 700098), "%3Cscript%3E"):
        page.goto(f"/webhooks?brand={brand}")
        expect()(page.get_by_test_id("unknown-brand")).to_contain_text(
            "markalarınız arasında değil"
        )
        expect()(page.locator("#webhooks-brand option:checked")).to_have_text("Bilinmeyen marka")
        expect()(page.get_by_text("Henüz web kancası yok.")).to_have_count(0)
    expect()(form.get_by_label("Marka", exact=True)).to_have_value(re.compile(".+"))
    url.fill(hook)
    form.get_by_role("button", name="Web kancası ekle").click()
    expect()(form.get_by_label("İmzalama anahtarı")).to_be_focused()
    assert webhook_list(live_server, token)["totalCount"] == 1

    # At 390 px: webhooks as cards; every action on screen, the delivery log inside its own box.
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/webhooks")
    row = page.get_by_test_id("webhooks-table").locator("tbody > tr", has_text=hook)
    deliveries = row.get_by_role("button", name=f"Gönderimler: {hook}")
    deliveries.click()
    expect()(deliveries).to_have_attribute("aria-expanded", "true")
    for name in (f"Duraklat: {hook}", f"Sil: {hook}", f"Gönderimler: {hook}"):
        box = row.get_by_role("button", name=name).bounding_box()
        assert box, name
        assert box["x"] >= 0, (name, box)
        assert box["x"] + box["width"] <= PHONE["width"], (name, box)
    no_horizontal_scroll(page)
    screenshot(page, "38b-webhooks-390")
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
